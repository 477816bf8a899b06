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
 * With a URL set, Spring Boot's own DataSource takes over and nothing here runs.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoDataSourceUrl.class)
public class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(EmbeddedDatabaseProperties properties) {
        try {
            Files.createDirectories(properties.dataDir());
            // A server a killed run left on this data ends first (a fast, clean shutdown): one start always does.
            LeftoverProcess.end(properties.dataDir().resolve("postmaster.pid"), "postgres", 30)
                    .ifPresent(pid -> log.warn("Ended the PostgreSQL server {} a previous run left on {}", pid, properties.dataDir().toAbsolutePath()));
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(properties.dataDir())
                    .setCleanDataDirectory(false)
                    .setPort(properties.port())
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // Committed means on disk: this is the product's data, not a test's. The library starts the server with
                    // -F (fsync off, fine for a test); a -c after it wins, so fsync and full page writes are on.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .start();
            log.info("Embedded PostgreSQL 17 on 127.0.0.1:{}, data in {}", postgres.getPort(), properties.dataDir().toAbsolutePath());
            return postgres;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while ending a PostgreSQL server a previous run left on " + properties.dataDir(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + properties.dataDir().toAbsolutePath()
                    + " (set greenex.db.embedded.data-dir to a writable folder, or spring.datasource.url to use an existing server)", e);
        }
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(EmbeddedPostgres postgres) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres");
        config.setUsername("postgres");
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
