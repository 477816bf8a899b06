package com.greenex.db.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one embedded PostgreSQL 17 the tests of every module start: a real server on loopback, on a
 * free port unless one is asked for, with the {@code db} module's migrations applied unless told not
 * to. Start it with {@link #start()} or {@link #builder()}; close it when done.
 */
public final class TestDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    private TestDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** A fresh, migrated database on a free loopback port. */
    public static TestDatabase start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int port() {
        return postgres.getPort();
    }

    /** The JDBC URL of the {@code postgres} database (user {@code postgres}, no password). */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    /** A non-pooling data source on the {@code postgres} database. */
    public DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }

    /** A non-pooling data source on another database of the same server. */
    public DataSource dataSource(String database) {
        return postgres.getDatabase("postgres", database);
    }

    /** Runs one statement (DDL or DML) on the {@code postgres} database. */
    public void execute(String sql) {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The single number a query returns, e.g. {@code SELECT count(*) ...}. */
    public long count(String sql) {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new IllegalStateException(sql + ": no row");
            }
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("stopping the test database: " + e.getMessage(), e);
        }
    }

    public static final class Builder {
        private Path dataDirectory;
        private int port;
        private boolean migrated = true;
        private final Map<String, String> serverConfig = new LinkedHashMap<>();

        private Builder() {
            serverConfig.put("listen_addresses", "127.0.0.1");
        }

        /** Keeps the data in {@code dir} (not cleaned), so that a second start finds the first one's data. */
        public Builder dataDirectory(Path dir) {
            this.dataDirectory = dir;
            return this;
        }

        /** A fixed port (to restart the same server at the same address); a free one by default. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Without the migrations (for the migrations' own test). */
        public Builder unmigrated() {
            this.migrated = false;
            return this;
        }

        public Builder serverConfig(String name, String value) {
            serverConfig.put(name, value);
            return this;
        }

        public TestDatabase start() {
            EmbeddedPostgres.Builder b = EmbeddedPostgres.builder();
            serverConfig.forEach(b::setServerConfig);
            if (dataDirectory != null) {
                b.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            if (port != 0) {
                b.setPort(port);
            }
            EmbeddedPostgres pg;
            try {
                pg = b.start();
            } catch (IOException e) {
                throw new UncheckedIOException("starting the test database: " + e.getMessage(), e);
            }
            TestDatabase db = new TestDatabase(pg);
            if (migrated) {
                try {
                    Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/migration").load().migrate();
                } catch (RuntimeException e) {
                    db.close();
                    throw e;
                }
            }
            return db;
        }
    }
}
