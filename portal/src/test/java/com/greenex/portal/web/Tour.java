package com.greenex.portal.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Walks a running portal in Debian's headless Chromium as its users would: each demo user signs in
 * and opens its views; a screenshot of each goes to target/screenshots/tour-*.png. For looking at the
 * product while it runs (README, "Run it"), not a test.
 *
 * <p>{@code ./mvnw -q -pl portal -Pbench test-compile exec:exec -Dbench.main=com.greenex.portal.web.Tour -Dbench.args="http://127.0.0.1:8080 $GREENEX_DEMO_PASSWORD"}
 */
public final class Tour {

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: Tour <base URL> <demo password>");
        }
        String[][] walks = {{"dispatcher", "dashboard", "market", "trades"}, {"regulator", "regulator"}, {"integrator", "integrator"},
                {"prosumer1", "participant"}};
        Path profile = Files.createTempDirectory("greenex-tour-");
        try (Browser browser = new Browser(args[0], profile)) {
            for (String[] walk : walks) {
                browser.driver.manage().deleteAllCookies();
                browser.signIn(walk[0], args[1]);
                for (int i = 1; i < walk.length; i++) {
                    browser.open("/" + walk[i]);
                    browser.until(Duration.ofSeconds(30), d -> !d.findElements(org.openqa.selenium.By.tagName("vaadin-app-layout")).isEmpty());
                    Thread.sleep(2500);
                    browser.screenshot("tour-" + walk[i]);
                    System.out.println(walk[0] + " /" + walk[i] + ": " + browser.driver.getTitle());
                }
                browser.open("/logout");
            }
        }
    }
}
