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
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: Tour <base URL> <demo password> [user:password:view,view ...] (e.g. an applicant's own login)");
        }
        java.util.List<String[]> walks = new java.util.ArrayList<>(java.util.List.of(new String[] {"dispatcher", "dashboard", "market", "trades"},
                new String[] {"regulator", "regulator"}, new String[] {"integrator", "integrator"}, new String[] {"prosumer1", "participant"}));
        java.util.Map<String, String> passwords = new java.util.HashMap<>();
        for (int a = 2; a < args.length; a++) {
            String[] p = args[a].split(":", 3);
            if (p.length != 3) {
                throw new IllegalArgumentException("a walk is user:password:view,view, got " + args[a]);
            }
            passwords.put(p[0], p[1]);
            java.util.List<String> walk = new java.util.ArrayList<>(java.util.List.of(p[0]));
            walk.addAll(java.util.List.of(p[2].split(",")));
            walks.add(walk.toArray(String[]::new));
        }
        Path profile = Files.createTempDirectory("greenex-tour-");
        try (Browser browser = new Browser(args[0], profile)) {
            for (String[] walk : walks) {
                browser.driver.manage().deleteAllCookies();
                browser.signIn(walk[0], passwords.getOrDefault(walk[0], args[1]));
                for (int i = 1; i < walk.length; i++) {
                    browser.open("/" + walk[i]);
                    browser.until(Duration.ofSeconds(30), d -> !d.findElements(org.openqa.selenium.By.tagName("vaadin-app-layout")).isEmpty());
                    Thread.sleep(2500);
                    browser.screenshot("tour-" + walk[i] + (passwords.containsKey(walk[0]) ? "-" + walk[0] : ""));
                    System.out.println(walk[0] + " /" + walk[i] + ": " + browser.driver.getTitle());
                    // A long view's lower parts too: the participant's certificates and emissions.
                    for (String part : java.util.List.of("my-certificates", "emissions-charts")) {
                        var found = browser.driver.findElements(org.openqa.selenium.By.id(part));
                        if (!found.isEmpty()) {
                            browser.js("arguments[0].scrollIntoView({block: 'start'})", found.getFirst());
                            Thread.sleep(500);
                            browser.screenshot("tour-" + walk[i] + "-" + part + (passwords.containsKey(walk[0]) ? "-" + walk[0] : ""));
                        }
                    }
                }
                browser.open("/logout");
            }
        }
    }
}
