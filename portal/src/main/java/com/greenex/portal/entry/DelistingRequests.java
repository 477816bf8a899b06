package com.greenex.portal.entry;

import com.greenex.portal.audit.AuditAction;
import com.greenex.portal.audit.AuditLog;
import com.greenex.portal.config.TextInput;
import com.greenex.portal.security.GreenexUser;
import com.greenex.rules.DelistingPolicy;
import com.greenex.rules.DelistingRequest;
import com.greenex.rules.Finding;
import com.greenex.rules.MarketRules;
import com.greenex.rules.Standing;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A participant's voluntary delisting: it asks to leave with a reason, the delisting rules judge the
 * request (delisting.drl, DelistOnRequest), and the regulator reviews it as it reviews an application —
 * approve (the participant is delisted with cause REQUESTED) or reject, with a comment, audited. The
 * participant may withdraw its request while it is open. One open request per participant.
 */
@Service
public class DelistingRequests {

    /** A request to leave, as the participant and the regulator see it. */
    public record Request(long id, String participantId, String participantName, String reason, String requestedBy, Instant requestedAt,
                          String status, List<MarketEntry.Verdict> verdicts, String comment, Instant decidedAt) {
    }

    /** The audit entry of a request, a decision on it or its withdrawal. */
    record Audited(long request, String reason, String comment, List<MarketEntry.Verdict> verdicts) {
    }

    /**
     * Only the request is judged here (no meter health is given), so the meter limits of the policy
     * never apply; the rules still need one to weigh a request against keeping the participant listed.
     */
    private static final DelistingPolicy REQUEST_ONLY = new DelistingPolicy(Duration.ofDays(1), Duration.ofDays(1));

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    private static final String SELECT = """
            SELECT d.id, d.participant_id, p.name, d.reason, u.username, d.requested_at, d.status, d.comment, d.decided_at
              FROM delisting_requests d JOIN participants p ON p.id = d.participant_id JOIN users u ON u.id = d.requested_by
            """;

    private final JdbcClient jdbc;
    private final MarketRules rules;
    private final AuditLog audit;
    private final MarketEntry entry;

    public DelistingRequests(JdbcClient jdbc, MarketRules rules, AuditLog audit, MarketEntry entry) {
        this.jdbc = jdbc;
        this.rules = rules;
        this.audit = audit;
        this.entry = entry;
    }

    /**
     * The participant asks to leave.
     *
     * @throws IllegalArgumentException naming the field (reason) that is wrong
     * @throws IllegalStateException    when the participant is not admitted or has a request open already
     */
    @Transactional
    public Request request(String participantId, String reason, GreenexUser by) {
        own(participantId, by);
        String r = TextInput.require("reason", reason, TextInput.MAX_REASON);
        String standing = jdbc.sql("SELECT status FROM participants WHERE id = ? FOR UPDATE").param(participantId).query(String.class).single();
        if (!standing.equals(Standing.Status.ADMITTED.name())) {
            throw new IllegalStateException("participant " + participantId + " is " + standing + ", not ADMITTED: there is nothing to leave");
        }
        if (jdbc.sql("SELECT count(*) FROM delisting_requests WHERE participant_id = ? AND status = 'PENDING'").param(participantId)
                .query(Long.class).single() > 0) {
            throw new IllegalStateException("participant " + participantId + " has a request to leave open already: withdraw it or wait for the decision");
        }
        long id = jdbc.sql("INSERT INTO delisting_requests (participant_id, reason, requested_by) VALUES (?, ?, ?) RETURNING id")
                .params(participantId, r, by.id()).query(Long.class).single();
        Request request = find(id);
        audit.append(by.getUsername(), AuditAction.DELISTING_REQUESTED, "participant:" + participantId, new Audited(id, r, null, request.verdicts()));
        return request;
    }

    /** The participant withdraws its open request. */
    @Transactional
    public Request withdraw(String participantId, long requestId, GreenexUser by) {
        own(participantId, by);
        Request r = lock(requestId, participantId);
        if (!r.status().equals("PENDING")) {
            throw new IllegalStateException("request " + requestId + " is " + r.status() + ": only an open request can be withdrawn");
        }
        jdbc.sql("UPDATE delisting_requests SET status = 'WITHDRAWN' WHERE id = ?").param(requestId).update();
        audit.append(by.getUsername(), AuditAction.DELISTING_REQUEST_WITHDRAWN, "participant:" + participantId, new Audited(requestId, r.reason(), null, List.of()));
        return find(requestId);
    }

    /**
     * The regulator's decision: approval delists the participant (cause REQUESTED, the participant's
     * reason), a rejection keeps it listed; both with a comment, with the verdicts it saw, audited.
     */
    @Transactional
    public Request decide(long requestId, boolean approve, String comment, GreenexUser reviewer) {
        String c = TextInput.require("comment", comment, TextInput.MAX_REASON);
        Request r = lock(requestId, null);
        if (!r.status().equals("PENDING")) {
            throw new IllegalStateException("request " + requestId + " is " + r.status() + " already");
        }
        if (approve && r.verdicts().stream().noneMatch(v -> v.rule().equals("DelistOnRequest"))) {
            throw new IllegalStateException("request " + requestId + " cannot be approved: the delisting rules do not delist "
                    + r.participantId() + " on it (" + r.verdicts() + ")");
        }
        jdbc.sql("UPDATE delisting_requests SET status = ?, decided_by = ?, comment = ?, decided_at = now(), rule_verdicts = ?::jsonb WHERE id = ?")
                .params(approve ? "APPROVED" : "REJECTED", reviewer.id(), c, JSON.writeValueAsString(r.verdicts()), requestId).update();
        if (approve) {
            entry.delist(r.participantId(), "REQUESTED", r.reason() + " (request " + requestId + "; " + c + ")", reviewer);
        } else {
            audit.append(reviewer.getUsername(), AuditAction.DELISTING_REQUEST_REJECTED, "participant:" + r.participantId(),
                    new Audited(requestId, r.reason(), c, r.verdicts()));
        }
        return find(requestId);
    }

    /** Open requests, oldest first, for the regulator. */
    public List<Request> pending() {
        return jdbc.sql(SELECT + " WHERE d.status = 'PENDING' ORDER BY d.requested_at, d.id").query(this::row).list();
    }

    /** A participant's requests, newest first. */
    public List<Request> of(String participantId, GreenexUser viewer) {
        if (!(viewer.hasRole("REGULATOR") || viewer.hasRole("ADMIN"))) {
            own(participantId, viewer);
        }
        return jdbc.sql(SELECT + " WHERE d.participant_id = ? ORDER BY d.id DESC").param(participantId).query(this::row).list();
    }

    public long pendingCount() {
        return jdbc.sql("SELECT count(*) FROM delisting_requests WHERE status = 'PENDING'").query(Long.class).single();
    }

    Request find(long id) {
        return jdbc.sql(SELECT + " WHERE d.id = ?").param(id).query(this::row).optional()
                .orElseThrow(() -> new NoSuchElementException("no request to leave " + id));
    }

    private Request lock(long id, String participantId) {
        String owner = jdbc.sql("SELECT participant_id FROM delisting_requests WHERE id = ? FOR UPDATE").param(id).query(String.class).optional()
                .orElseThrow(() -> new NoSuchElementException("no request to leave " + id));
        if (participantId != null && !owner.equals(participantId)) {
            throw new NoSuchElementException("no request to leave " + id + " of participant " + participantId);
        }
        return find(id);
    }

    private static void own(String participantId, GreenexUser user) {
        if (!user.hasRole("PARTICIPANT") || !participantId.equals(user.participantId())) {
            throw new org.springframework.security.access.AccessDeniedException("only participant " + participantId + " itself may ask to leave or withdraw its request");
        }
    }

    private Request row(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        String participant = rs.getString("participant_id");
        String status = rs.getString("status");
        List<MarketEntry.Verdict> verdicts = status.equals("PENDING") ? judge(participant, rs.getString("reason")) : stored(rs.getLong("id"));
        return new Request(rs.getLong("id"), participant, rs.getString("name"), rs.getString("reason"), rs.getString("username"),
                rs.getTimestamp("requested_at").toInstant(), status, verdicts, rs.getString("comment"),
                rs.getTimestamp("decided_at") == null ? null : rs.getTimestamp("decided_at").toInstant());
    }

    /** What the delisting rules say of the request now. */
    private List<MarketEntry.Verdict> judge(String participantId, String reason) {
        Standing.Status standing = Standing.Status.valueOf(jdbc.sql("SELECT status FROM participants WHERE id = ?").param(participantId).query(String.class).single());
        List<Finding> findings = rules.checkDelisting(List.of(new Standing(participantId, standing)), List.of(),
                List.of(new DelistingRequest(participantId, reason)), REQUEST_ONLY);
        return findings.stream().map(f -> new MarketEntry.Verdict(f.rule(), !f.failed(), f.reason())).toList();
    }

    private List<MarketEntry.Verdict> stored(long id) {
        String json = jdbc.sql("SELECT coalesce(rule_verdicts, '[]'::jsonb)::text FROM delisting_requests WHERE id = ?").param(id).query(String.class).single();
        return List.of(JSON.readValue(json, MarketEntry.Verdict[].class));
    }
}
