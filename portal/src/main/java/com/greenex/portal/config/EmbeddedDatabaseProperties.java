package com.greenex.portal.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code greenex.db.embedded.*}: the PostgreSQL the portal starts itself when no
 * {@code spring.datasource.url} is set.
 *
 * @param dataDir where the cluster lives; kept across restarts (default {@code ./data/postgres},
 *                relative to the working directory)
 * @param port    the loopback port; 0 picks a free one at each start
 * @param settings PostgreSQL server settings over {@link #DEFAULT_SETTINGS} ({@code greenex.db.embedded.settings.shared_buffers=1GB});
 *                 not those that make a commit durable or the server reachable ({@link #FIXED})
 */
@ConfigurationProperties("greenex.db.embedded")
public record EmbeddedDatabaseProperties(@DefaultValue("data/postgres") Path dataDir, @DefaultValue("0") int port, Map<String, String> settings) {

    /**
     * A market's writes come in bursts: an interval of 100,000 prosumers writes about 400,000 rows in one
     * transaction, and the readings stream in all the time. Checkpoints at most every 15 minutes (once an
     * interval) and by WAL only after 4 GB: each page is written out and logged whole less often.
     */
    public static final Map<String, String> DEFAULT_SETTINGS = Map.of("max_wal_size", "4GB", "checkpoint_timeout", "15min");

    /** Settings the portal sets itself: a commit is on disk, the server is on loopback, passwords are hashed. */
    public static final Set<String> FIXED = Set.of("fsync", "full_page_writes", "synchronous_commit", "listen_addresses", "port",
            "password_encryption", "data_directory", "hba_file");

    public EmbeddedDatabaseProperties {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("greenex.db.embedded.port must be 0 (any free port) or 1-65535, got " + port);
        }
        Map<String, String> all = new LinkedHashMap<>(DEFAULT_SETTINGS);
        if (settings != null) {
            settings.forEach((name, value) -> {
                if (!name.matches("[a-z][a-z0-9_.]*")) {
                    throw new IllegalArgumentException("greenex.db.embedded.settings." + name + ": not a PostgreSQL setting's name");
                }
                if (FIXED.contains(name)) {
                    throw new IllegalArgumentException("greenex.db.embedded.settings." + name + ": the portal sets this itself (" + FIXED + ")");
                }
                if (value == null || value.isBlank()) {
                    throw new IllegalArgumentException("greenex.db.embedded.settings." + name + ": needs a value");
                }
                all.put(name, value.strip());
            });
        }
        settings = java.util.Collections.unmodifiableMap(all);
    }
}
