package com.greenex.portal;

import org.springframework.boot.builder.SpringApplicationBuilder;
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
 * The whole application as a user runs it, for ITs: embedded PostgreSQL and the dev chain in a
 * temporary directory, the simulated substation and the bridge, the market heartbeat, the web server
 * on a free loopback port, the demo users with a known password.
 */
public final class RunningPortal implements AutoCloseable {

    public static final String PASSWORD = "it-demo-password-1";

    private final ConfigurableApplicationContext app;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    public final String baseUrl;

    private RunningPortal(ConfigurableApplicationContext app) {
        this.app = app;
        this.baseUrl = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    }

    /**
     * @param dir      data directory (PostgreSQL in dir/pg, the chain's state in dir/chain.json): the same dir restarts the same installation
     * @param interval the market interval length
     */
    public static RunningPortal start(Path dir, Duration interval, int prosumers, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.profiles.active=demo",
                "--GREENEX_DEMO_PASSWORD=" + PASSWORD,
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--greenex.db.embedded.data-dir=" + dir.resolve("pg"),
                "--greenex.chain.state-file=" + dir.resolve("chain.json"),
                "--greenex.scada.enabled=true",
                "--greenex.scada.simulated-prosumers=" + prosumers,
                "--greenex.market.schedule.enabled=true",
                "--greenex.market.interval-length=" + interval));
        args.addAll(List.of(extra));
        return new RunningPortal(new SpringApplicationBuilder(GreenexApplication.class).run(args.toArray(String[]::new)));
    }

    public <T> T bean(Class<T> type) {
        return app.getBean(type);
    }

    public org.springframework.context.ApplicationContext context() {
        return app;
    }

    public JdbcClient jdbc() {
        return app.getBean(JdbcClient.class);
    }

    public HttpResponse<String> get(String path, String user) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET(), user);
    }

    public HttpResponse<String> send(HttpRequest.Builder request, String user) throws Exception {
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Intervals SETTLED that had trades. */
    public long settledIntervalsWithTrades() {
        return jdbc().sql("""
                SELECT count(*) FROM trading_intervals i WHERE i.status = 'SETTLED' AND EXISTS (SELECT 1 FROM trades t WHERE t.interval_id = i.id)""")
                .query(Long.class).single();
    }

    /** The newest SETTLED interval that had trades. */
    public long latestSettledIntervalWithTrades() {
        return jdbc().sql("""
                SELECT max(i.id) FROM trading_intervals i WHERE i.status = 'SETTLED' AND EXISTS (SELECT 1 FROM trades t WHERE t.interval_id = i.id)""")
                .query(Long.class).single();
    }

    /** Waits (up to two minutes) until the market has settled {@code n} intervals with trades. */
    public void awaitSettledIntervalsWithTrades(int n) throws InterruptedException {
        await(n + " settled interval(s) with trades", Duration.ofSeconds(120), () -> settledIntervalsWithTrades() >= n);
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
