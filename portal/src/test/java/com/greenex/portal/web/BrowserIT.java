package com.greenex.portal.web;

import com.greenex.portal.testing.TestPortal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end in a real headless Chromium against the running application: every role signs in,
 * intervals clear live on the dashboard, an application is approved, a trade is verified on chain,
 * a bad mapping is uploaded and its error read. Screenshots in target/screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserIT {

    @TempDir
    static Path dir;
    TestPortal portal;
    Browser browser;

    @BeforeAll
    void start() throws Exception {
        portal = TestPortal.demo(dir).interval(Duration.ofSeconds(5)).start();
        portal.awaitSettledIntervalsWithTrades(1);
    }

    @BeforeEach
    void openBrowser(TestInfo test) throws Exception {
        browser = new Browser(portal.baseUrl, Files.createTempDirectory(dir, "chromium"));
    }

    @AfterEach
    void closeBrowser(TestInfo test) throws Exception {
        browser.screenshot(test.getTestMethod().orElseThrow().getName() + "-last");
        browser.close();
    }

    @AfterAll
    void stop() {
        if (portal != null) {
            portal.close();
        }
    }

    @Test
    void everyRoleSignsInToItsFirstViewWithinTwoSeconds() throws Exception {
        String[][] cases = {{"dispatcher", "dashboard-cards"}, {"regulator", "entry-queue"}, {"integrator", "connections"},
                {"admin", "dashboard-cards"}, {"prosumer1", "positions"}};
        StringBuilder figures = new StringBuilder();
        for (String[] c : cases) {
            browser.open("/logout");
            browser.driver.manage().deleteAllCookies();
            long t0 = browser.login(c[0], TestPortal.PASSWORD);
            WebElement first = browser.byId(c[1]);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            figures.append(c[0]).append(": first view usable ").append(ms).append(" ms after submitting the login\n");
            assertThat(first.isDisplayed()).isTrue();
            browser.screenshot("login-" + c[0]);
            assertThat(portal.jdbc().sql("SELECT count(*) FROM audit_log WHERE action = 'LOGIN' AND actor = ?").param(c[0]).query(Long.class).single())
                    .as("login of %s audited", c[0]).isPositive();
        }
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "browser-timings.txt"), figures.toString());
        System.out.print(figures);
        // A wrong password stays on the login view with its error.
        browser.driver.manage().deleteAllCookies();
        browser.login("regulator", "wrong-password-0");
        browser.until(Duration.ofSeconds(10), d -> d.getCurrentUrl().contains("error"));
        browser.screenshot("login-wrong-password");
    }

    @Test
    void everyViewRendersInTheBrowserInEnglishAndChinese() throws Exception {
        long interval = portal.latestSettledIntervalWithTrades();
        browser.signIn("admin", TestPortal.PASSWORD);
        String[][] views = {{"/dashboard", "dashboard-cards"}, {"/market?interval=" + interval, "merit-order"}, {"/trades", "trades"},
                {"/regulator", "entry-queue"}, {"/integrator", "live-values"}};
        for (String[] v : views) {
            browser.open(v[0]);
            browser.byId(v[1]);
            assertThat(browser.driver.getPageSource()).as(v[0]).doesNotContain("There was an exception");
            browser.screenshot("view-" + v[1] + "-en");
        }
        // Chinese, chosen in the frame's language menu, holds for the following pages.
        browser.open("/dashboard");
        browser.byId("language").click();
        browser.until(Duration.ofSeconds(10), d -> d.findElements(By.xpath("//vaadin-select-item[contains(., '中文')]")).stream().findFirst().orElse(null)).click();
        browser.until(Duration.ofSeconds(20), d -> d.getPageSource().contains("实时市场"));
        browser.screenshot("view-dashboard-zh");
        browser.open("/market?interval=" + interval);
        browser.byId("merit-order");
        browser.until(Duration.ofSeconds(10), d -> d.getPageSource().contains("竞争方报价排序"));
        browser.screenshot("view-merit-order-zh");

        browser.driver.manage().deleteAllCookies();
        browser.signIn("prosumer1", TestPortal.PASSWORD);
        browser.byId("positions");
        browser.screenshot("view-participant-en");
    }

    @Test
    void theDispatcherSeesIntervalsClearLive() throws Exception {
        browser.signIn("dispatcher", TestPortal.PASSWORD);
        browser.byId("card-interval");
        String before = browser.until(Duration.ofSeconds(10), d -> d.findElement(By.id("card-interval")).getText());
        browser.screenshot("dashboard-before");
        // No reload: the server pushes the next interval.
        browser.until(Duration.ofSeconds(30), d -> !d.findElement(By.id("card-interval")).getText().equals(before));
        assertThat(browser.driver.findElement(By.id("card-interval")).getText()).isNotEqualTo(before);
        assertThat(browser.driver.findElement(By.id("price-chart")).getAttribute("innerHTML")).contains("<svg");
        browser.screenshot("dashboard-live");
    }

    @Test
    void theRegulatorApprovesAnApplication() throws Exception {
        browser.signIn("regulator", TestPortal.PASSWORD);
        browser.byId("entry-queue");
        WebElement cell = browser.until(Duration.ofSeconds(20), d -> d.findElements(By.xpath("//vaadin-grid-cell-content[text()='N-002']"))
                .stream().findFirst().orElse(null));
        cell.click();
        browser.until(Duration.ofSeconds(10), d -> d.findElement(By.id("approve")).getAttribute("disabled") == null);
        browser.byId("comment").findElement(By.tagName("textarea")).sendKeys("smart meter and trading client checked");
        browser.screenshot("regulator-review");
        browser.byId("approve").click();
        browser.until(Duration.ofSeconds(10), d -> d.findElement(By.id("decision")).getText().startsWith("Approved: N-002"));
        browser.screenshot("regulator-approved");
        assertThat(portal.jdbc().sql("SELECT status FROM participants WHERE id = 'N-002'").query(String.class).single()).isEqualTo("ADMITTED");
    }

    @Test
    void aTradeIsVerifiedOnChain() throws Exception {
        browser.signIn("regulator", TestPortal.PASSWORD);
        browser.open("/trades");
        WebElement verify = browser.until(Duration.ofSeconds(20), d -> d.findElements(By.cssSelector("vaadin-button[id^=verify-]")).stream()
                .findFirst().orElse(null));
        verify.click();
        WebElement result = browser.byId("verify-result");
        browser.screenshot("trade-verified");
        assertThat(result.getText()).startsWith("Verified: the Merkle proof");
    }

    @Test
    void theIntegratorUploadsABadMappingAndReadsWhatIsWrong() throws Exception {
        browser.signIn("integrator", TestPortal.PASSWORD);
        WebElement upload = browser.byId("mapping-upload");
        Path bad = dir.resolve("ss09.yaml");
        Files.writeString(bad, """
                substation: SS-09
                endpoint: opc.tcp://127.0.0.1:4840/ss09
                security: {policy: None, mode: None}
                points:
                  - {participant: P-001, meter: M-001, quantity: ACTIVE_POWER_KW, node: "ns=2;s=P1.power"}
                  - {participant: P-003, meter: M-003, quantity: VOLTAGE, node: "ns=2;s=P3.voltage"}
                """);
        List<WebElement> inputs = upload.findElements(By.cssSelector("input[type=file]"));
        WebElement input = inputs.isEmpty() ? upload.getShadowRoot().findElement(By.cssSelector("input[type=file]")) : inputs.getFirst();
        input.sendKeys(bad.toAbsolutePath().toString());
        WebElement summary = browser.byId("mapping-summary");
        browser.until(Duration.ofSeconds(10), d -> d.findElement(By.id("mapping-summary")).getText().contains("with problems"));
        assertThat(summary.getText()).isEqualTo("ss09.yaml: substation SS-09, 1 usable point(s), 1 with problems.");
        WebElement problem = browser.until(Duration.ofSeconds(10), d -> d.findElements(By.xpath("//vaadin-grid-cell-content[contains(., 'VOLTAGE')]"))
                .stream().findFirst().orElse(null));
        assertThat(problem.getText()).contains("VOLTAGE");
        browser.screenshot("integrator-bad-mapping");
    }

    @Test
    void aParticipantRetiresACertificateAndDownloadsItsEmissionsReport() throws Exception {
        // P-001 bought 1,000 kWh in a past interval: one certificate, issued on chain by the heartbeat.
        long interval = portal.pastPurchase("P-003", "P-001", new java.math.BigDecimal("1000"), java.time.Instant.parse("2026-03-02T00:00:00Z"));
        String certified = """
                SELECT min(c.token_serial) FROM green_certificates c JOIN certificate_sources s ON s.certificate_id = c.id
                  JOIN trades t ON t.id = s.trade_id WHERE t.interval_id = ? AND c.tx_hash IS NOT NULL""";
        TestPortal.await("P-001's certificate on chain", Duration.ofSeconds(60),
                () -> portal.jdbc().sql(certified).param(interval).query(Long.class).optional().isPresent());
        long serial = portal.jdbc().sql(certified).param(interval).query(Long.class).single();

        browser.signIn("prosumer1", TestPortal.PASSWORD);
        browser.byId("my-certificates");
        click(browser.until(Duration.ofSeconds(20), d -> d.findElements(By.xpath("//*[@id='my-certificates']/vaadin-grid-cell-content[text()='" + serial + "']"))
                .stream().findFirst().orElse(null)));
        browser.until(Duration.ofSeconds(10), d -> d.findElement(By.id("retire")).getAttribute("disabled") == null);
        browser.until(Duration.ofSeconds(10), d -> d.findElement(By.id("certificate-sources")).getText().contains("P-003"));
        type("retire-beneficiary", "李记面包 Bakery Li");
        browser.screenshot("certificate-before-retire");
        click(browser.byId("retire"));
        browser.until(Duration.ofSeconds(30), d -> d.findElement(By.id("certificate-outcome")).getText().startsWith("Certificate " + serial + ": retired"));
        browser.screenshot("certificate-retired");
        assertThat(portal.jdbc().sql("SELECT status || ' ' || beneficiary FROM green_certificates WHERE token_serial = ?").param(serial)
                .query(String.class).single()).isEqualTo("RETIRED 李记面包 Bakery Li");
        assertThat(portal.bean(com.greenex.portal.trades.ChainConfiguration.Contracts.class).certificates()
                .retired(java.math.BigInteger.valueOf(serial)).send()).isTrue();

        // The emissions report of this month, downloaded as the participant would.
        click(browser.byId("emissions-compute"));
        browser.until(Duration.ofSeconds(10), d -> d.findElement(By.id("emissions-charts")).getAttribute("innerHTML").contains("<svg"));
        click(browser.byId("emissions-pdf"));
        Path pdf = browser.until(Duration.ofSeconds(30), d -> {
            try (var files = Files.list(browser.downloads)) {
                return files.filter(f -> f.toString().endsWith(".pdf")).findFirst().orElse(null);
            } catch (java.io.IOException e) {
                return null;
            }
        });
        assertThat(pdf.getFileName().toString()).startsWith("greenex-P-001-emissions-");
        try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf.toFile())) {
            assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(doc)).contains("范围二排放报告").contains("P-001").contains("kg CO2");
        }
        browser.screenshot("emissions-report");
    }

    /** Clicks an element after scrolling it to the middle of the window (the participant's view is long). */
    private void click(WebElement e) {
        browser.js("arguments[0].scrollIntoView({block: 'center'})", e);
        e.click();
    }

    /** Types into a Vaadin text field (its inner input), replacing what it holds. */
    private void type(String id, String text) {
        WebElement input = browser.byId(id).findElement(By.tagName("input"));
        input.sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, "a"), org.openqa.selenium.Keys.DELETE);
        input.sendKeys(text);
    }

    /** Picks an item of a vaadin-select by its label. */
    private void choose(String id, String label) {
        browser.byId(id).click();
        browser.until(Duration.ofSeconds(10), d -> d.findElements(By.tagName("vaadin-select-item")).stream()
                .filter(e -> e.isDisplayed() && e.getText().strip().equals(label)).findFirst().orElse(null)).click();
    }

    /** Picks a radio button of a vaadin-radio-group by the start of its label. */
    private void pick(String id, String label) {
        browser.until(Duration.ofSeconds(10), d -> d.findElement(By.id(id)).findElements(By.tagName("vaadin-radio-button")).stream()
                .filter(e -> e.isDisplayed() && e.getText().strip().startsWith(label)).findFirst().orElse(null)).click();
    }

    @Test
    void aParticipantStatesItsPricesAndReadsAWrongOneNextToItsField() throws Exception {
        browser.signIn("prosumer1", TestPortal.PASSWORD);
        browser.byId("my-prices");
        pick("price-mode", "My limits");
        type("min-sell", "0.555");
        type("max-buy", "0.95");
        browser.byId("save-prices").click();
        browser.until(Duration.ofSeconds(10), d -> d.findElement(By.id("min-sell")).getDomAttribute("invalid") != null);
        assertThat(browser.byId("min-sell").getAttribute("errorMessage")).isEqualTo("RejectQuoteOffTheTick: quote 0.555 is not on the tick 0.01");
        browser.screenshot("my-prices-refused");
        type("min-sell", "0.55");
        browser.byId("save-prices").click();
        browser.until(Duration.ofSeconds(10), d -> d.findElement(By.id("prices-saved")).getText().startsWith("Saved"));
        assertThat(browser.byId("min-sell").getDomAttribute("invalid")).isNull();
        assertThat(portal.jdbc().sql("SELECT mode || ' ' || min_sell_price::text FROM price_preferences WHERE participant_id = 'P-001'")
                .query(String.class).single()).isEqualTo("LIMITS 0.550000");
        browser.screenshot("my-prices-saved");
        pick("price-mode", "Automatic");
        browser.byId("save-prices").click();
        browser.until(Duration.ofSeconds(10), d -> portal.jdbc().sql("SELECT mode FROM price_preferences WHERE participant_id = 'P-001'")
                .query(String.class).single().equals("AUTOMATIC"));
    }

    @Test
    void anApplicantAppliesFromTheLoginPageAndSignsInToFollowIt() throws Exception {
        browser.open("/login");
        browser.byId("apply-link").click();
        type("apply-username", "garden-shed");
        browser.byId("apply-password").findElement(By.tagName("input")).sendKeys(TestPortal.PASSWORD);
        type("apply-name", "Garden shed PV");
        type("apply-contact", "shed@example.org");
        type("apply-capacity", "3.6");
        choose("apply-voltage", "0.4kV");
        type("apply-meters", "M-GS-1");
        browser.byId("apply-smart").click();
        type("apply-client", "GX Trader 2.1");
        browser.byId("apply-submit").click();
        WebElement result = browser.until(Duration.ofSeconds(10), d -> {
            WebElement r = d.findElement(By.id("apply-result"));
            return r.getText().startsWith("Application #") ? r : null;
        });
        assertThat(result.getText()).contains("passes every rule, awaiting review", "Sign in as garden-shed");
        browser.until(Duration.ofSeconds(10), d -> !d.findElements(By.xpath("//vaadin-grid-cell-content[text()='HoldEntryUntilRegulatorReview']")).isEmpty());
        browser.screenshot("apply-verdicts");

        browser.signIn("garden-shed", TestPortal.PASSWORD);
        WebElement status = browser.byId("my-status");
        assertThat(status.getText()).contains("pending (revision 1)");
        browser.screenshot("my-application");
    }
}
