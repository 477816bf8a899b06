package com.greenex.portal.market;

import com.greenex.portal.audit.AuditAction;
import com.greenex.portal.audit.AuditLog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Pausing the market while it runs (table settings, key {@value #KEY}): paused, no new interval is
 * cleared; settlement of cleared ones goes on. Each change is written with its audit entry, in one
 * transaction.
 */
@Service
public class MarketPause {

    public static final String KEY = "market.paused";

    /** The audit entry's details. */
    record Change(boolean from, boolean to, String reason) {
    }

    private final JdbcClient jdbc;
    private final AuditLog audit;

    public MarketPause(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    public boolean paused() {
        return jdbc.sql("SELECT value FROM settings WHERE key = ?").param(KEY).query(String.class).optional()
                .map(Boolean::parseBoolean).orElse(false);
    }

    /**
     * @throws IllegalArgumentException without a reason
     */
    @Transactional
    public void set(boolean paused, String actor, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("pausing or resuming the market needs a reason");
        }
        reason = com.greenex.portal.config.TextInput.require("reason", reason, com.greenex.portal.config.TextInput.MAX_REASON);
        boolean before = paused();
        jdbc.sql("""
                        INSERT INTO settings (key, value, updated_by) VALUES (?, ?, ?)
                        ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by, updated_at = now()""")
                .params(KEY, Boolean.toString(paused), actor).update();
        audit.append(actor, AuditAction.SETTING_CHANGED, "setting:" + KEY, new Change(before, paused, reason));
    }
}
