package com.greenex.portal.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;

/**
 * {@code greenex.db.embedded.*}: the PostgreSQL the portal starts itself when no
 * {@code spring.datasource.url} is set.
 *
 * @param dataDir where the cluster lives; kept across restarts (default {@code ./data/postgres},
 *                relative to the working directory)
 * @param port    the loopback port; 0 picks a free one at each start
 */
@ConfigurationProperties("greenex.db.embedded")
public record EmbeddedDatabaseProperties(@DefaultValue("data/postgres") Path dataDir, @DefaultValue("0") int port) {

    public EmbeddedDatabaseProperties {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("greenex.db.embedded.port must be 0 (any free port) or 1-65535, got " + port);
        }
    }
}
