package com.greenex.portal.testing;

import com.greenex.portal.GreenexApplication;
import com.greenex.portal.market.IntervalState;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The one way the portal's tests start the application: embedded PostgreSQL and the dev chain in a
 * directory of the test's (the same directory restarts the same installation), the web server and
 * the database on free loopback ports. {@link #demo(Path)} is the application as a user runs it (the
 * demo setting: simulated substation, bridge, market heartbeat, demo users with {@link #PASSWORD});
 * {@link #plain(Path)} is the bare application (no demo, no bridge, no heartbeat) for tests that
 * seed their own reference data with {@link ReferenceData}.
 */
public final class TestPortal implements AutoCloseable {

    public static final String PASSWORD = "it-demo-password-1";

    private final ConfigurableApplicationContext app;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    public final String baseUrl;

    private TestPortal(ConfigurableApplicationContext app) {
        this.app = app;
        this.baseUrl = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    }

    /** The application as a user runs it: the demo setting with a simulated substation of 20 prosumers. */
    public static Builder demo(Path dir) {
        return new Builder(dir, true);
    }

    /** The bare application on an empty database: no demo users, no bridge, no market heartbeat. */
    public static Builder plain(Path dir) {
        return new Builder(dir, false);
    }

    public static final class Builder {
        private final Path dir;
        private final boolean demo;
        private Duration interval = Duration.ofSeconds(5);
        private int prosumers = 20;
        private int timeScale = 90;
        private boolean schedule;
        private final List<String> extra = new ArrayList<>();

        private Builder(Path dir, boolean demo) {
            this.dir = dir;
            this.demo = demo;
            this.schedule = demo;
        }

        /** The market interval length (the demo's market clears one every {@code length}). */
        public Builder interval(Duration length) {
            this.interval = length;
            return this;
        }

        /** How many prosumers the simulated substation has (demo only). */
        public Builder prosumers(int n) {
            this.prosumers = n;
            return this;
        }

        /** How much faster the simulated day runs (demo only; 90 by default, a 15-minute interval's energy in 10 s). */
        public Builder timeScale(int scale) {
            this.timeScale = scale;
            return this;
        }

        /** Without the market heartbeat: intervals are cleared only when the test runs them. */
        public Builder withoutSchedule() {
            this.schedule = false;
            return this;
        }

        /** Any other setting, as {@code name=value}. */
        public Builder with(String name, Object value) {
            extra.add("--" + name + "=" + value);
            return this;
        }

        public TestPortal start() {
            List<String> args = new ArrayList<>(List.of(
                    "--server.port=0",
                    "--server.address=127.0.0.1",
                    "--greenex.db.embedded.data-dir=" + dir.resolve("pg"),
                    "--greenex.chain.state-file=" + dir.resolve("chain.json"),
                    "--greenex.market.interval-length=" + interval,
                    // Gate closure half an interval before the start, metering a second after the end.
                    "--greenex.market.gate-lead=" + Duration.ofSeconds(Math.max(1, interval.toSeconds() / 2)),
                    "--greenex.market.dispatch-lead=PT1S",
                    "--greenex.market.metering-grace=PT1S",
                    "--greenex.scada.simulated-setpoint-watchdog=" + interval.multipliedBy(2),
                    "--greenex.market.schedule.enabled=" + schedule));
            if (demo) {
                args.addAll(List.of("--spring.profiles.active=demo", "--GREENEX_DEMO_PASSWORD=" + PASSWORD, "--greenex.scada.enabled=true",
                        "--greenex.scada.simulated-prosumers=" + prosumers, "--greenex.scada.simulated-time-scale=" + timeScale,
                        // One substation unless a test asks for more (the demo profile simulates three).
                        "--greenex.scada.simulated-substations=1",
                        // Daylight whatever the hour the tests run: buyers and sellers from the first interval.
                        "--greenex.scada.simulated-start-time=10:00",
                        // Certificates of the real size (1,000 kWh): the simulated prosumers' own trades never make one in a test, so
                        // that a test's certificates are exactly those it makes (a test may ask for the demo's size with with(..)).
                        "--greenex.certificates.kwh-per-certificate=1000"));
            } else {
                // The development chain, as on a developer's machine (the demo profile allows it itself).
                args.addAll(List.of("--greenex.scada.enabled=false", "--greenex.development-defaults=true"));
            }
            // A setting given with with(..) replaces the fixture's own.
            for (String e : extra) {
                String name = e.substring(0, e.indexOf('=') + 1);
                args.removeIf(a -> a.startsWith(name));
                args.add(e);
            }
            return new TestPortal(new SpringApplicationBuilder(GreenexApplication.class).run(args.toArray(String[]::new)));
        }
    }

    public <T> T bean(Class<T> type) {
        return app.getBean(type);
    }

    public ApplicationContext context() {
        return app;
    }

    public JdbcClient jdbc() {
        return app.getBean(JdbcClient.class);
    }

    /** Builders of participants, meters, batteries, points and intervals in this portal's database. */
    public ReferenceData data() {
        return new ReferenceData(jdbc());
    }

    public HttpResponse<String> get(String path, String user) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET(), user);
    }

    /** As {@link #send} with the body as bytes (a PDF, say). */
    public HttpResponse<byte[]> sendBytes(HttpRequest.Builder request, String user) throws Exception {
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public HttpResponse<String> send(HttpRequest.Builder request, String user) throws Exception {
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A past interval (METERED) in which {@code buyer} bought {@code kwh} from {@code seller}, delivered as scheduled,
     * queued for settlement as the market does: the heartbeat settles it on chain and issues the certificates it earns.
     * Call it once the market has cleared an interval of its own: before that, a past interval reads as a stop of the market.
     *
     * @return the interval's id
     */
    public long pastPurchase(String seller, String buyer, java.math.BigDecimal kwh, java.time.Instant start) throws java.sql.SQLException {
        long id = data().interval(start, start.plusSeconds(900), com.greenex.portal.market.IntervalState.METERED);
        jdbc().sql("""
                INSERT INTO clearing_results (interval_id, market_type, supply_kwh, demand_kwh, clearing_price, rounds, method, equilibrium,
                                              grid_feed_in_price, grid_retail_price, price_tick)
                VALUES (?, 'SELLERS_MARKET', ?, ?, 0.9, 1, 'PAPER_ITERATION', 'VERIFIED', 0.4, 1.1, 0.01)""").params(id, kwh, kwh).update();
        jdbc().sql("INSERT INTO trades (interval_id, seq, seller_id, buyer_id, energy_kwh, price, amount, delivered_kwh) VALUES (?, 0, ?, ?, ?, 0.9, ?, ?)")
                .params(id, seller, buyer, kwh, kwh.multiply(new java.math.BigDecimal("0.9")), kwh).update();
        try (java.sql.Connection c = bean(javax.sql.DataSource.class).getConnection()) {
            com.greenex.settlement.SettlementOutbox.enqueue(c, id, List.of(new com.greenex.settlement.TradeRecord(seller, buyer, kwh,
                    new java.math.BigDecimal("0.9"), 0)), 2000);
        }
        return id;
    }

    /** Intervals SETTLED that had trades. */
    public long settledIntervalsWithTrades() {
        return jdbc().sql("""
                SELECT count(*) FROM trading_intervals i WHERE i.status = ? AND EXISTS (SELECT 1 FROM trades t WHERE t.interval_id = i.id)""")
                .param(IntervalState.SETTLED.name()).query(Long.class).single();
    }

    /** The newest SETTLED interval that had trades. */
    public long latestSettledIntervalWithTrades() {
        return jdbc().sql("""
                SELECT max(i.id) FROM trading_intervals i WHERE i.status = ? AND EXISTS (SELECT 1 FROM trades t WHERE t.interval_id = i.id)""")
                .param(IntervalState.SETTLED.name()).query(Long.class).single();
    }

    /** Waits (up to two minutes) until the market has settled {@code n} intervals with trades. */
    public void awaitSettledIntervalsWithTrades(int n) throws InterruptedException {
        await(n + " settled interval(s) with trades", Duration.ofSeconds(120), () -> settledIntervalsWithTrades() >= n);
    }

    /** A free TCP port on the loopback address (for a simulated substation a test starts). */
    public static int freeLoopbackPort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Waits until the condition holds; fails naming what was awaited. */
    public static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        Instant end = Instant.now().plus(limit);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("waited " + limit.toSeconds() + " s for " + what);
            }
            Thread.sleep(250);
        }
    }

    @Override
    public void close() {
        app.close();
    }
}
