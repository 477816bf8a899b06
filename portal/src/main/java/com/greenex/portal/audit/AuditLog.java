package com.greenex.portal.audit;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.util.List;
import java.util.Objects;

/**
 * Logins, decisions and setting changes, in the audit_log table. The database numbers and chains
 * each row (trigger {@code audit_chain_append}) and refuses to change or remove one; {@link #verify()}
 * walks the chain and names the first rows where it breaks.
 */
@Repository
public class AuditLog {

    private final JdbcClient jdbc;

    public AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param detailsJson a JSON object with what was decided or changed; the database rejects anything else
     * @return the sequence number the row got
     */
    public long append(String actor, String action, String subject, String detailsJson) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        return jdbc.sql("INSERT INTO audit_log (actor, action, subject, details) VALUES (?, ?, ?, ?::jsonb) RETURNING seq")
                .params(actor, action, subject == null ? "" : subject, detailsJson == null ? "{}" : detailsJson)
                .query(Long.class)
                .single();
    }

    /** The newest entries first. */
    public List<AuditEntry> latest(int limit) {
        return page(0, limit);
    }

    /** The newest entries first, a page at a time. */
    public List<AuditEntry> page(int offset, int limit) {
        return jdbc.sql("SELECT seq, at, actor, action, subject, details::text AS details FROM audit_log ORDER BY seq DESC OFFSET ? LIMIT ?")
                .params(offset, limit)
                .query((rs, i) -> new AuditEntry(rs.getLong("seq"), rs.getObject("at", Timestamp.class).toInstant(),
                        rs.getString("actor"), rs.getString("action"), rs.getString("subject"), rs.getString("details")))
                .list();
    }

    public long count() {
        return jdbc.sql("SELECT count(*) FROM audit_log").query(Long.class).single();
    }

    /** Empty when every row is intact and in place. */
    public List<ChainProblem> verify() {
        return jdbc.sql("SELECT seq, problem FROM audit_verify()")
                .query((rs, i) -> new ChainProblem(rs.getLong("seq"), rs.getString("problem")))
                .list();
    }
}
