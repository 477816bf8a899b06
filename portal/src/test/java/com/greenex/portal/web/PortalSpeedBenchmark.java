package com.greenex.portal.web;

import com.greenex.portal.testing.TestPortal;
import com.greenex.portal.trades.TradeQueries;
import com.greenex.portal.security.Viewer;
import org.openqa.selenium.By;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The portal's speed figures, printed (not a test): login to a usable first view per role, and the
 * trades grid over {@code N} trades (default 1,000,000): first rows, a jump to the middle, a jump to
 * the end, in headless Chromium; and the page queries behind it. Run:
 * {@code ./mvnw -pl portal -Pbench test-compile exec:exec [-Dbench.args=N]}.
 */
public final class PortalSpeedBenchmark {

    public static void main(String[] args) throws Exception {
        int trades = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("greenex-bench");
        try (TestPortal portal = TestPortal.demo(dir).interval(Duration.ofMinutes(15)).withoutSchedule().start()) {
            JdbcClient jdbc = portal.jdbc();
            long t0 = System.nanoTime();
            fill(jdbc, trades);
            System.out.printf("filled %,d trades in %.1f s%n", trades, (System.nanoTime() - t0) / 1e9);

            TradeQueries q = portal.bean(TradeQueries.class);
            Viewer all = Viewer.system("bench");
            for (int offset : new int[] {0, trades / 2, trades - 50}) {
                List<Long> ms = new ArrayList<>();
                for (int i = 0; i < 7; i++) {
                    long s = System.nanoTime();
                    q.trades(all, null, offset, 50);
                    ms.add((System.nanoTime() - s) / 1_000_000);
                }
                Collections.sort(ms);
                System.out.printf("page of 50 trades at offset %,d: median %d ms (min %d, max %d)%n", offset, ms.get(3), ms.getFirst(), ms.getLast());
            }
            long s = System.nanoTime();
            q.tradeCount(all, null);
            System.out.printf("count of all trades: %d ms%n", (System.nanoTime() - s) / 1_000_000);

            try (Browser browser = new Browser(portal.baseUrl, Files.createTempDirectory(dir, "chromium"))) {
                for (String[] c : new String[][] {{"dispatcher", "dashboard-cards"}, {"regulator", "entry-queue"}, {"integrator", "connections"},
                        {"dispatcher", "dashboard-cards"}}) {
                    browser.driver.manage().deleteAllCookies();
                    long submitted = browser.login(c[0], TestPortal.PASSWORD);
                    browser.byId(c[1]);
                    System.out.printf("%s: first view usable %d ms after submitting the login (page: response %s ms, DOM ready %s ms; "
                                    + "the view's server round trip %s ms)%n", c[0],
                            (System.nanoTime() - submitted) / 1_000_000,
                            browser.js("const n = performance.getEntriesByType('navigation')[0]; return Math.round(n.responseEnd - n.startTime);"),
                            browser.js("const n = performance.getEntriesByType('navigation')[0]; return Math.round(n.domContentLoadedEventEnd - n.startTime);"),
                            browser.js("return performance.getEntriesByType('resource').filter(e => e.name.includes('v-r=init') || e.name.includes('v-r=uidl'))"
                                    + ".map(e => Math.round(e.duration)).join('+');"));
                }
                long maxId = jdbc.sql("SELECT max(id) FROM trades").query(Long.class).single();
                long open = System.nanoTime();
                browser.open("/trades");
                browser.until(Duration.ofSeconds(60), d -> !d.findElements(By.xpath("//vaadin-grid[@id='trades']/vaadin-grid-cell-content[text()='" + maxId + "']")).isEmpty());
                System.out.printf("trades view: first rows of %,d shown %d ms after opening it%n", trades, (System.nanoTime() - open) / 1_000_000);
                for (int index : new int[] {trades / 2, trades - 1001}) {
                    long expected = maxId - index;
                    long jump = System.nanoTime();
                    browser.js("document.getElementById('trades').scrollToIndex(arguments[0])", index);
                    browser.until(Duration.ofSeconds(60), d -> !d.findElements(By.xpath("//vaadin-grid[@id='trades']/vaadin-grid-cell-content[text()='" + expected + "']")).isEmpty());
                    System.out.printf("trades view: jump to row %,d shown in %d ms%n", index, (System.nanoTime() - jump) / 1_000_000);
                }
                browser.screenshot("bench-trades-end");
            }
        }
    }

    /** N trades in intervals of 1,000, between 100 admitted participants, all in SQL. */
    static void fill(JdbcClient jdbc, int trades) {
        jdbc.sql("INSERT INTO substations (id, name) VALUES ('SS-B', 'bench') ON CONFLICT DO NOTHING").update();
        jdbc.sql("""
                INSERT INTO participants (id, name, kind, capacity_kw, voltage_level, status)
                SELECT 'B-' || lpad(g::text, 3, '0'), 'bench ' || g, 'PROSUMER', 10, '0.4kV', 'ADMITTED' FROM generate_series(1, 100) g
                ON CONFLICT DO NOTHING""").update();
        int intervals = (trades + 999) / 1000;
        jdbc.sql("""
                INSERT INTO trading_intervals (zone_id, starts_at, ends_at, status)
                SELECT 'SS-B', timestamptz '2026-01-01' + make_interval(mins => 15 * g), timestamptz '2026-01-01' + make_interval(mins => 15 * g + 15), 'SETTLED'
                  FROM generate_series(1, ?) g""").param(intervals).update();
        jdbc.sql("""
                INSERT INTO clearing_results (interval_id, market_type, supply_kwh, demand_kwh, clearing_price, rounds, method, equilibrium,
                                              grid_feed_in_price, grid_retail_price, price_tick)
                SELECT id, 'BUYERS_MARKET', 1000, 900, 0.8, 3, 'PAPER_ITERATION', 'VERIFIED', 0.4, 1.1, 0.01 FROM trading_intervals
                 WHERE starts_at < timestamptz '2026-06-01'""").update();
        jdbc.sql("""
                INSERT INTO trades (interval_id, seq, seller_id, buyer_id, energy_kwh, price, amount)
                SELECT i.id, s.n, 'B-' || lpad((1 + s.n % 50)::text, 3, '0'), 'B-' || lpad((51 + s.n / 50 % 50)::text, 3, '0'), 0.9, 0.8, 0.72
                  FROM (SELECT id, row_number() OVER (ORDER BY id) AS k FROM trading_intervals WHERE starts_at < timestamptz '2026-06-01') i
                  CROSS JOIN generate_series(0, 999) s(n)
                 WHERE (i.k - 1) * 1000 + s.n < ?""").param(trades).update();
        jdbc.sql("ANALYZE trades").update();
    }
}
