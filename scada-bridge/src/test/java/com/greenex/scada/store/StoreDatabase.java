package com.greenex.scada.store;

import com.greenex.db.testing.TestDatabase;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The shared {@link TestDatabase} tuned for bulk ingest, behind a connection pool, with some points to write to. */
final class StoreDatabase implements AutoCloseable {

    final TestDatabase postgres;
    final HikariDataSource dataSource;

    private StoreDatabase(TestDatabase postgres, HikariDataSource dataSource) {
        this.postgres = postgres;
        this.dataSource = dataSource;
    }

    static StoreDatabase start(int poolSize) {
        // As the portal's embedded server: room for bulk ingest between checkpoints.
        TestDatabase postgres = TestDatabase.builder().serverConfig("max_wal_size", "4GB").serverConfig("wal_compression", "on").start();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.jdbcUrl());
        config.setUsername("postgres");
        config.setMaximumPoolSize(poolSize);
        return new StoreDatabase(postgres, new HikariDataSource(config));
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
    public void close() {
        dataSource.close();
        postgres.close();
    }
}
