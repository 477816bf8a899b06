package com.greenex.scada.ingest;

import com.greenex.scada.mapping.PointMapping;
import com.greenex.scada.mapping.Quantity;
import com.greenex.scada.store.ReadingStore;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.greenex.db.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The database goes away mid-run and comes back: nothing is lost, nothing is doubled. */
class DatabaseOutageIT {

    private static TestDatabase start(Path dir, int port) {
        return TestDatabase.builder().dataDirectory(dir).port(port).start();
    }

    @Test
    void readingsWaitInTheBufferWhileTheDatabaseIsDownAndAreAllStoredOnce(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        TestDatabase pg = start(dir.resolve("pg"), port);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + port + "/postgres");
        config.setUsername("postgres");
        config.setConnectionTimeout(1_000);
        config.setInitializationFailTimeout(-1);
        try (HikariDataSource ds = new HikariDataSource(config)) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO substations (id, name) VALUES ('SS-01', 'S')");
                s.execute("INSERT INTO participants (id, name, kind, capacity_kw, voltage_level) VALUES ('P-001', 'P', 'PROSUMER', 5, '0.4kV')");
                s.execute("INSERT INTO meters (id, participant_id, substation_id, smart) VALUES ('M-001', 'P-001', 'SS-01', true)");
                s.execute("INSERT INTO points (substation_id, participant_id, meter_id, quantity, node_id) VALUES ('SS-01', 'P-001', 'M-001', 'ACTIVE_POWER_KW', 'ns=2;s=P')");
            }
            PointMapping point = new PointMapping(0, "P-001", "M-001", null, Quantity.ACTIVE_POWER_KW, "ns=2;s=P");
            ReadingStore store = new ReadingStore(ds);
            IngestPipeline pipeline = new IngestPipeline(store, java.util.Map.of(0, 1L), 10_000, 100, Duration.ofMillis(20));
            Instant t0 = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minus(Duration.ofMinutes(20)); // within the readings' bounds
            for (int i = 0; i < 300; i++) {
                pipeline.onValue(point, t0.plusSeconds(i), t0.plusSeconds(i), BigDecimal.valueOf(i), 0);
            }
            waitFor(() -> pipeline.written() >= 300);

            pg.close(); // the database goes away
            for (int i = 300; i < 600; i++) {
                pipeline.onValue(point, t0.plusSeconds(i), t0.plusSeconds(i), BigDecimal.valueOf(i), 0);
            }
            waitFor(() -> pipeline.writeFailures() > 0);
            assertThat(pipeline.written()).isLessThan(600);
            assertThat(pipeline.oldestUnwritten()).as("the market waits for readings from before its gate closure")
                    .isBetween(t0.plusSeconds(300), t0.plusSeconds(599));

            pg = start(dir.resolve("pg"), port); // and comes back
            waitFor(() -> pipeline.written() >= 600);
            assertThat(pipeline.oldestUnwritten()).as("everything written").isNull();
            pipeline.close();

            assertThat(pipeline.dropped()).isZero();
            assertThat(pipeline.lastError()).isNotBlank();
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT source_time), min(value), max(value) FROM readings WHERE point_id = 1")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(600);
                assertThat(rs.getLong(2)).isEqualTo(600);
                assertThat(rs.getBigDecimal(3)).isEqualByComparingTo("0");
                assertThat(rs.getBigDecimal(4)).isEqualByComparingTo("599");
            }
        } finally {
            pg.close();
        }
    }

    @Test
    void whenTheBufferIsFullWhatDoesNotFitIsCounted(@TempDir Path dir) throws Exception {
        // No database at all on this port: everything waits, the bound holds, the overflow is counted.
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/postgres");
        config.setUsername("postgres");
        config.setConnectionTimeout(250);
        config.setInitializationFailTimeout(-1);
        try (HikariDataSource ds = new HikariDataSource(config)) {
            IngestPipeline pipeline = new IngestPipeline(new ReadingStore(ds), java.util.Map.of(0, 1L), 50, 10, Duration.ofMillis(5));
            PointMapping point = new PointMapping(0, "P-001", "M-001", null, Quantity.ACTIVE_POWER_KW, "ns=2;s=P");
            Instant t0 = Instant.parse("2026-11-24T10:00:00Z");
            for (int i = 0; i < 100; i++) {
                pipeline.onValue(point, t0.plusSeconds(i), t0, BigDecimal.ONE, 0);
            }
            assertThat(pipeline.received()).isEqualTo(100);
            assertThat(pipeline.dropped()).isBetween(40L, 50L); // 50 in the buffer, up to 10 in the writer's hand
            assertThat(pipeline.buffered() + pipeline.dropped()).isLessThanOrEqualTo(100);

            // Shutting down without a database gives up after the backoff and says how much it could not store.
            pipeline.close();
            assertThat(pipeline.written()).isZero();
            assertThat(pipeline.dropped()).isEqualTo(100);
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in 30 s");
            }
            Thread.sleep(20);
        }
    }
}
