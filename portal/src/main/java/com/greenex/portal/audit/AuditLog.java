package com.greenex.portal.audit;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Logins, decisions and setting changes, in the audit_log table. The database numbers and chains
 * each row (trigger {@code audit_chain_append}) and refuses to change or remove one; {@link #verify()}
 * walks the chain and names the first rows where it breaks. An entry's details are data (a record or
 * a map), written as a JSON object by Jackson.
 */
@Repository
public class AuditLog {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    public AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Appends an entry in the caller's transaction (if it has one): the entry and what it records
     * are written together or not at all.
     *
     * @param subject what the entry is about, e.g. {@code participant:P-001}
     * @param details what was decided or changed: a record or a map, serialised as a JSON object
     * @return the sequence number the row got
     * @throws IllegalArgumentException when the details are not an object (a string, a number, a list)
     */
    public long append(String actor, AuditAction action, String subject, Object details) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        String json = JSON.writeValueAsString(details == null ? Map.of() : details);
        if (!json.startsWith("{")) {
            throw new IllegalArgumentException("audit " + action + ": details must be an object (a record or a map), got " + json);
        }
        return jdbc.sql("INSERT INTO audit_log (actor, action, subject, details) VALUES (?, ?, ?, ?::jsonb) RETURNING seq")
                .params(actor, action.name(), subject == null ? "" : subject, json)
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
