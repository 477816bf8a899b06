package com.greenex.portal.web;

import com.greenex.portal.testing.TestPortal;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The demo for N minutes (default 20: about 30 hours of its simulated day and night), reporting every
 * minute the intervals by state, the settlement lag, the heap in use and the database on disk, and at
 * the end the figures a soak is judged by: FAILED intervals (there should be none), trades, the
 * forecast's error, batteries on their setpoints, readings and disk per hour.
 *
 * <p>{@code ./mvnw -q install -DskipTests && ./mvnw -q -pl portal -Pbench test-compile exec:exec
 * -Dbench.main=com.greenex.portal.web.Soak -Dbench.args=20}
 */
public final class Soak {

    public static void main(String[] args) throws Exception {
        int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path dir = Files.createTempDirectory("greenex-soak-");
        try (TestPortal portal = TestPortal.demo(dir).interval(Duration.ofSeconds(10)).prosumers(200).start()) {
            JdbcClient jdbc = portal.jdbc();
            Instant start = Instant.now();
            long disk0 = size(dir.resolve("pg"));
            System.out.printf("soak: the demo (200 prosumers, 10-second intervals, day 90 times faster) for %d min, data in %s%n", minutes, dir);
            for (int m = 1; m <= minutes; m++) {
                Thread.sleep(Duration.ofMinutes(1));
                String states = jdbc.sql("SELECT status || ' ' || count(*) FROM trading_intervals GROUP BY status ORDER BY status").query(String.class)
                        .list().stream().collect(Collectors.joining(", "));
                long lag = jdbc.sql("""
                        SELECT coalesce(extract(epoch FROM now() - min(i.ends_at)), 0)::bigint FROM trading_intervals i
                         WHERE EXISTS (SELECT 1 FROM settlement_batches b WHERE b.interval_id = i.id AND b.state <> 'CONFIRMED')""").query(Long.class).single();
                Runtime rt = Runtime.getRuntime();
                System.out.printf("%3d min: %s; settlement lag %d s; heap %d MiB; database %d MiB%n", m, states, lag,
                        (rt.totalMemory() - rt.freeMemory()) >> 20, size(dir.resolve("pg")) >> 20);
            }
            double hours = Duration.between(start, Instant.now()).toSeconds() / 3600.0;
            long failed = jdbc.sql("SELECT count(*) FROM trading_intervals WHERE status = 'FAILED'").query(Long.class).single();
            long intervals = jdbc.sql("SELECT count(*) FROM trading_intervals").query(Long.class).single();
            long trades = jdbc.sql("SELECT count(*) FROM trades").query(Long.class).single();
            long readings = jdbc.sql("SELECT count(*) FROM readings").query(Long.class).single();
            String mae = jdbc.sql("""
                    SELECT coalesce(round(avg(abs(CASE role WHEN 'SELL' THEN energy_kwh ELSE -energy_kwh END - actual_kwh)), 4)::text, '–')
                      FROM positions WHERE actual_kwh IS NOT NULL""").query(String.class).single();
            String followed = jdbc.sql("SELECT coalesce(round(100.0 * count(*) FILTER (WHERE battery_followed) / nullif(count(battery_followed), 0), 1)::text, '–') "
                    + "FROM deliveries").query(String.class).single();
            System.out.printf("soak result: %d intervals, %d FAILED, %,d trades; forecast MAE %s kWh per participant and interval; batteries on setpoint %s %%;"
                            + " %,.0f readings and %.2f GiB of database per hour%n", intervals, failed, trades, mae, followed, readings / hours,
                    (size(dir.resolve("pg")) - disk0) / hours / (1L << 30));
            if (failed > 0) {
                jdbc.sql("SELECT id || ': ' || failure_reason FROM trading_intervals WHERE status = 'FAILED' LIMIT 5").query(String.class).list()
                        .forEach(r -> System.out.println("  FAILED " + r));
                System.exit(1);
            }
        }
    }

    private static long size(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (java.io.IOException e) {
                    return 0; // a file PostgreSQL removed meanwhile
                }
            }).sum();
        }
    }
}
