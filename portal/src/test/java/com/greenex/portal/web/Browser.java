package com.greenex.portal.web;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * Debian's headless Chromium through Debian's chromedriver (packages chromium and chromium-driver,
 * installed by .ci/run): never a downloaded browser. Screenshots go to target/screenshots.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("greenex.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("greenex.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final WebDriver driver;
    private final String baseUrl;
    /** Where the browser saves what it downloads. */
    final Path downloads;

    Browser(String baseUrl, Path profile) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "): apt-get install chromium chromium-driver (.ci/run does)");
        }
        this.baseUrl = baseUrl;
        this.downloads = profile.resolve("downloads").toAbsolutePath();
        ChromeOptions options = new ChromeOptions();
        options.setExperimentalOption("prefs", java.util.Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false, "plugins.always_open_pdf_externally", true));
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,1000",
                "--lang=" + System.getProperty("greenex.browser.lang", "en-US"), "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    void open(String path) {
        driver.get(baseUrl + path);
    }

    <T> T until(Duration limit, Function<WebDriver, T> condition) {
        // Live views replace parts of the page while a test looks: a stale element is looked up again.
        return new WebDriverWait(driver, limit, Duration.ofMillis(50)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition);
    }

    WebElement byId(String id) {
        return until(Duration.ofSeconds(20), d -> {
            var found = d.findElements(By.id(id));
            return found.isEmpty() || !found.getFirst().isDisplayed() ? null : found.getFirst();
        });
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Signs in through the login view; returns System.nanoTime() at the moment the form was submitted. */
    long login(String user, String password) {
        open("/login");
        WebElement name = until(Duration.ofSeconds(30), d -> d.findElements(By.cssSelector("vaadin-login-form input[name=username]")).stream().findFirst().orElse(null));
        name.sendKeys(user);
        WebElement pw = driver.findElement(By.cssSelector("vaadin-login-form input[name=password]"));
        pw.sendKeys(password);
        long submitted = System.nanoTime();
        pw.sendKeys(org.openqa.selenium.Keys.ENTER);
        return submitted;
    }

    /** Signs in and waits until the signed-in frame is there (so that the next navigation does not race the login's). */
    void signIn(String user, String password) {
        login(user, password);
        until(Duration.ofSeconds(30), d -> !d.findElements(By.tagName("vaadin-app-layout")).isEmpty());
    }

    void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
