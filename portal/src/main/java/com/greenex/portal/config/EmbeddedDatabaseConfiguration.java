package com.greenex.portal.config;

import com.greenex.settlement.LeftoverProcess;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * The embedded default: without {@code spring.datasource.url}, start a real PostgreSQL 17 on
 * loopback with its data in {@code greenex.db.embedded.data-dir}, so that data survives a restart.
 * Every connection needs a password (SCRAM-SHA-256, {@link EmbeddedCredentials}): migrations run as
 * the superuser, the application as {@value EmbeddedCredentials#APP_ROLE}, which is not one and may
 * only append to the audit log. With a URL set, Spring Boot's own DataSource takes over and nothing
 * here runs.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoDataSourceUrl.class)
public class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    /** Read from the data directory, or new for a first start (written once the server is secured). */
    @Bean
    EmbeddedCredentials embeddedCredentials(EmbeddedDatabaseProperties properties) {
        return EmbeddedCredentials.read(properties.dataDir()).orElseGet(EmbeddedCredentials::generate);
    }

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(EmbeddedDatabaseProperties properties, EmbeddedCredentials credentials) {
        try {
            Files.createDirectories(properties.dataDir());
            boolean secured = Files.isRegularFile(properties.dataDir().resolve(EmbeddedCredentials.FILE));
            // A server a killed run left on this data ends first (a fast, clean shutdown): one start always does.
            LeftoverProcess.end(properties.dataDir().resolve("postmaster.pid"), "postgres", 30)
                    .ifPresent(pid -> log.warn("Ended the PostgreSQL server {} a previous run left on {}", pid, properties.dataDir().toAbsolutePath()));
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            // The market's settings first (EmbeddedDatabaseProperties.DEFAULT_SETTINGS, and any set): then those the portal fixes.
            properties.settings().forEach(builder::setServerConfig);
            EmbeddedPostgres postgres = builder
                    .setDataDirectory(properties.dataDir())
                    .setCleanDataDirectory(false)
                    .setPort(properties.port())
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // Committed means on disk: this is the product's data, not a test's. The library starts the server with
                    // -F (fsync off, fine for a test); a -c after it wins, so fsync and full page writes are on.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    // The library's own readiness check connects as postgres: with its password once the server is secured.
                    .setConnectConfig("password", credentials.superuserPassword())
                    // Stopped by this bean's close, after everything that writes (the bridge drains its buffer first): never by the
                    // library's own JVM shutdown hook, which runs at the same time as Spring's and stopped the server under the bridge.
                    .setRegisterShutdownHook(false)
                    .start();
            secure(postgres, credentials, properties.dataDir(), secured);
            log.info("Embedded PostgreSQL 17 on 127.0.0.1:{}, data in {}", postgres.getPort(), properties.dataDir().toAbsolutePath());
            return postgres;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while ending a PostgreSQL server a previous run left on " + properties.dataDir(), e);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("the embedded PostgreSQL in " + properties.dataDir().toAbsolutePath() + " could not be secured: " + e.getMessage(), e);
        } catch (IOException e) {
            if (!Files.isRegularFile(properties.dataDir().resolve(EmbeddedCredentials.FILE)) && Files.isRegularFile(properties.dataDir().resolve("PG_VERSION"))
                    && hbaRequiresPasswords(properties.dataDir())) {
                throw new IllegalStateException("the embedded PostgreSQL in " + properties.dataDir().toAbsolutePath() + " needs passwords but its "
                        + EmbeddedCredentials.FILE + " is gone: restore that file from a backup of the data directory", e);
            }
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + properties.dataDir().toAbsolutePath()
                    + " (set greenex.db.embedded.data-dir to a writable folder, or spring.datasource.url to use an existing server)", e);
        }
    }

    /**
     * Passwords for everyone (idempotent, at every start): the superuser's, the application role's
     * (created without any superpower), then pg_hba.conf with SCRAM on loopback only, and the
     * credentials file written before the server is told to require them. On a first start (or a data
     * directory from a version before this one) the server trusted loopback until this moment.
     */
    private static void secure(EmbeddedPostgres postgres, EmbeddedCredentials credentials, java.nio.file.Path dataDir, boolean secured)
            throws java.sql.SQLException, IOException {
        try (java.sql.Connection c = postgres.getPostgresDatabase().getConnection(); java.sql.Statement s = c.createStatement()) {
            // The passwords are [A-Za-z0-9_-] only (EmbeddedCredentials checks): safe inside a literal.
            s.execute("SET password_encryption = 'scram-sha-256'");
            s.execute("ALTER ROLE postgres PASSWORD '" + credentials.superuserPassword() + "'");
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + EmbeddedCredentials.APP_ROLE + "') THEN "
                    + "CREATE ROLE " + EmbeddedCredentials.APP_ROLE + " LOGIN; END IF; END $$");
            s.execute("ALTER ROLE " + EmbeddedCredentials.APP_ROLE + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '"
                    + credentials.appPassword() + "'");
            if (!secured) {
                credentials.write(dataDir);
            }
            Files.writeString(dataDir.resolve("pg_hba.conf"), """
                    # Written by Greenex at every start: a password (SCRAM-SHA-256) for every connection, on loopback only.
                    host all all 127.0.0.1/32 scram-sha-256
                    host all all ::1/128 scram-sha-256
                    """);
            s.execute("SELECT pg_reload_conf()");
        }
        if (!secured) {
            log.info("Embedded PostgreSQL secured: SCRAM passwords for postgres and {} in {}", EmbeddedCredentials.APP_ROLE,
                    dataDir.resolve(EmbeddedCredentials.FILE).toAbsolutePath());
        }
    }

    private static boolean hbaRequiresPasswords(java.nio.file.Path dataDir) {
        try {
            return Files.readString(dataDir.resolve("pg_hba.conf")).contains("scram-sha-256");
        } catch (IOException e) {
            return false;
        }
    }

    /** Migrations run as the owner of the schema (the superuser), never as the application's role. */
    @Bean
    @org.springframework.boot.flyway.autoconfigure.FlywayDataSource
    javax.sql.DataSource flywayDataSource(EmbeddedPostgres postgres) {
        return postgres.getPostgresDatabase();
    }

    @Bean(destroyMethod = "close")
    @org.springframework.context.annotation.Primary
    HikariDataSource dataSource(EmbeddedPostgres postgres, EmbeddedCredentials credentials) {
        HikariConfig config = new HikariConfig();
        // reWriteBatchedInserts: a batch of inserts goes as multi-row statements (the clearing writes 10^5 rows per interval).
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres?reWriteBatchedInserts=true");
        config.setUsername(EmbeddedCredentials.APP_ROLE);
        config.setPassword(credentials.appPassword());
        config.setPoolName("greenex-embedded");
        config.setMaximumPoolSize(16);
        // Fail fast when the database is away: an API call answers 503 within seconds, not after the default 30 s.
        config.setConnectionTimeout(3_000);
        return new HikariDataSource(config);
    }

    /** True when {@code spring.datasource.url} is absent or blank. */
    static final class NoDataSourceUrl implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String url = context.getEnvironment().getProperty("spring.datasource.url");
            return url == null || url.isBlank();
        }
    }
}
