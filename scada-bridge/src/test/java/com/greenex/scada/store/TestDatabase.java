package com.greenex.scada.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** A real PostgreSQL 17 on loopback with the db module's migrations and some points to write to. */
final class TestDatabase implements AutoCloseable {

    final EmbeddedPostgres postgres;
    final HikariDataSource dataSource;

    private TestDatabase(EmbeddedPostgres postgres, HikariDataSource dataSource) {
        this.postgres = postgres;
        this.dataSource = dataSource;
    }

    static TestDatabase start(int poolSize) throws IOException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                // As the portal's embedded server: room for bulk ingest between checkpoints.
                .setServerConfig("max_wal_size", "4GB")
                .setServerConfig("wal_compression", "on")
                .start();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres");
        config.setUsername("postgres");
        config.setMaximumPoolSize(poolSize);
        HikariDataSource ds = new HikariDataSource(config);
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        return new TestDatabase(postgres, ds);
    }

    /** Points 1..count on substation SS-01, one meter each (power), for participants P-1..P-count. */
    void seedPoints(int count) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO substations (id, name) VALUES ('SS-01', 'Substation 1') ON CONFLICT DO NOTHING");
            s.execute("INSERT INTO participants (id, name, kind, capacity_kw, voltage_level) "
                    + "SELECT 'P-' || i, 'Prosumer ' || i, 'PROSUMER', 10, '0.4kV' FROM generate_series(1, " + count + ") i");
            s.execute("INSERT INTO meters (id, participant_id, substation_id, smart) "
                    + "SELECT 'M-' || i, 'P-' || i, 'SS-01', true FROM generate_series(1, " + count + ") i");
            s.execute("INSERT INTO points (substation_id, participant_id, meter_id, quantity, node_id) "
                    + "SELECT 'SS-01', 'P-' || i, 'M-' || i, 'ACTIVE_POWER_KW', 'ns=2;s=SS-01/M-' || i || '/P' "
                    + "FROM generate_series(1, " + count + ") i");
        }
    }

    long count(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws IOException {
        dataSource.close();
        postgres.close();
    }
}
