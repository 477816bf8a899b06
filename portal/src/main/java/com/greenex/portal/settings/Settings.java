package com.greenex.portal.settings;

import com.greenex.portal.audit.AuditLog;
import com.greenex.portal.security.Json;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Settings that change while the market runs (table settings); each change is written together with
 * its audit entry, in one transaction.
 */
@Service
public class Settings {

    public static final String MARKET_PAUSED = "market.paused";

    private final JdbcClient jdbc;
    private final AuditLog audit;

    public Settings(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** Paused: no new interval is cleared (settlement of cleared ones goes on). */
    public boolean marketPaused() {
        return jdbc.sql("SELECT value FROM settings WHERE key = ?").param(MARKET_PAUSED).query(String.class).optional()
                .map(Boolean::parseBoolean).orElse(false);
    }

    @Transactional
    public void setMarketPaused(boolean paused, String actor, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("pausing or resuming the market needs a reason");
        }
        boolean before = marketPaused();
        jdbc.sql("""
                        INSERT INTO settings (key, value, updated_by) VALUES (?, ?, ?)
                        ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by, updated_at = now()""")
                .params(MARKET_PAUSED, Boolean.toString(paused), actor).update();
        audit.append(actor, "SETTING_CHANGED", "setting:" + MARKET_PAUSED,
                "{\"from\": " + before + ", \"to\": " + paused + ", \"reason\": " + Json.quote(reason) + "}");
    }
}
