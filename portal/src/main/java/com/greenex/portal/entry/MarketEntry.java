package com.greenex.portal.entry;

import com.greenex.portal.audit.AuditAction;
import com.greenex.portal.audit.AuditLog;
import com.greenex.portal.config.TextInput;
import com.greenex.portal.security.GreenexUser;
import com.greenex.rules.EntryApplication;
import com.greenex.rules.EntryDecision;
import com.greenex.rules.MarketRules;
import com.greenex.rules.Standing;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Market entry as the regulator works it: applications with every rule's verdict and reason, the
 * decision with a comment (written with the verdicts the regulator saw, the participant's new status
 * and an audit entry, in one transaction), delisting, the participant register.
 */
@Service
public class MarketEntry {

    /**
     * An application as the regulator reviews it.
     *
     * @param meterId     the registered meter (demo register) or one the applicant stated (one that is not smart, if any)
     * @param meters      every meter the applicant stated, e.g. "M-1, M-2 (not smart)"; empty for a registered one
     * @param contact     the applicant's contact (self-service), or null
     * @param applicantUserId the applicant's login (self-service), or null
     */
    public record Application(long id, String participantId, String participantName, BigDecimal capacityKw, String voltageLevel,
                              String meterId, boolean smartMeter, boolean tradingClientInstalled, Instant submittedAt, String status,
                              String meters, String contact, BigDecimal batteryKwh, String tradingClient, int revision, Long applicantUserId) {
    }

    public record Review(Application application, EntryDecision decision) {
    }

    public record ParticipantRow(String id, String name, String kind, BigDecimal capacityKw, String voltageLevel, String status,
                                 String account, Instant since) {
    }

    /** One rule's verdict as the regulator saw it (stored with the review and in the audit entry). */
    public record Verdict(String rule, boolean passed, String reason) {
    }

    /** The audit entry of a decision. */
    record Decided(long application, String comment, EntryDecision.Outcome outcome, List<Verdict> verdicts) {
    }

    /** The audit entry of a withdrawal. */
    record Withdrawn(long application) {
    }

    /** The audit entry of a delisting. */
    record Delisted(String cause, String reason) {
    }

    public static final Set<String> DELISTING_CAUSES = Set.of("REQUESTED", "METER_SILENT", "BAD_DATA", "REGULATOR");

    /**
     * An application with its meter: the registered one (the demo's register), or those the applicant
     * stated (smart only when every one is).
     */
    static final String APPLICATION = """
            SELECT a.id, a.participant_id, p.name, a.capacity_kw, a.voltage_level,
                   coalesce(a.meter_id, (SELECT meter_id FROM application_meters WHERE application_id = a.id ORDER BY smart, meter_id LIMIT 1)) AS meter_id,
                   CASE WHEN a.meter_id IS NOT NULL THEN coalesce(m.smart, false)
                        ELSE coalesce((SELECT bool_and(smart) FROM application_meters WHERE application_id = a.id), false) END AS smart,
                   a.trading_client_installed, a.submitted_at, a.status,
                   coalesce((SELECT string_agg(meter_id || CASE WHEN smart THEN '' ELSE ' (not smart)' END, ', ' ORDER BY meter_id)
                               FROM application_meters WHERE application_id = a.id), '') AS meters,
                   a.contact, a.battery_kwh, a.trading_client, a.revision, a.applicant_user_id
              FROM market_entry_applications a JOIN participants p ON p.id = a.participant_id LEFT JOIN meters m ON m.id = a.meter_id
            """;

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final MarketRules rules;
    private final EntryProperties properties;
    private final AuditLog audit;
    private final ParticipantRegister register;
    private final com.greenex.portal.security.Users users;

    public MarketEntry(JdbcClient jdbc, MarketRules rules, EntryProperties properties, AuditLog audit, ParticipantRegister register,
                       com.greenex.portal.security.Users users) {
        this.users = users;
        this.jdbc = jdbc;
        this.rules = rules;
        this.properties = properties;
        this.audit = audit;
        this.register = register;
    }

    /** Pending applications, oldest first, each with what the rules say now. */
    public List<Review> queue() {
        return jdbc.sql(APPLICATION + " WHERE a.status = 'PENDING' ORDER BY a.submitted_at, a.id").query(MarketEntry::application).list()
                .stream().map(a -> new Review(a, review(a, EntryApplication.Review.PENDING, null))).toList();
    }

    public long pendingCount() {
        return jdbc.sql("SELECT count(*) FROM market_entry_applications WHERE status = 'PENDING'").query(Long.class).single();
    }

    private EntryDecision review(Application a, EntryApplication.Review review, String comment) {
        return rules.reviewEntry(new EntryApplication(a.participantId(), a.meterId(), a.smartMeter(), a.tradingClientInstalled(),
                a.capacityKw(), a.voltageLevel(), review, comment), properties.limits());
    }

    /**
     * Approves or rejects a pending application. Approval is refused, naming the failed rules, when a
     * rule rejects the application: the regulator cannot admit what the rules do not.
     *
     * @return the decision the rules reached with the regulator's verdict
     */
    @Transactional
    public EntryDecision decide(long applicationId, boolean approve, String comment, GreenexUser reviewer) {
        if (comment == null || comment.isBlank()) {
            throw new IllegalArgumentException("comment: missing (application " + applicationId + ": a decision needs a comment)");
        }
        comment = TextInput.require("comment", comment, TextInput.MAX_REASON);
        Application a = jdbc.sql(APPLICATION + " WHERE a.id = ? FOR UPDATE OF a").param(applicationId).query(MarketEntry::application).optional()
                .orElseThrow(() -> new java.util.NoSuchElementException("no application " + applicationId));
        if (!a.status().equals("PENDING")) {
            throw new IllegalStateException("application " + applicationId + " is " + a.status() + " already");
        }
        EntryDecision d = review(a, approve ? EntryApplication.Review.APPROVED : EntryApplication.Review.REJECTED, comment.strip());
        if (approve && d.outcome() != EntryDecision.Outcome.ADMITTED) {
            throw new IllegalArgumentException("application " + applicationId + " cannot be approved: "
                    + d.failures().stream().map(f -> f.rule() + ": " + f.reason()).collect(Collectors.joining("; ")));
        }
        List<Verdict> verdicts = verdicts(d);
        jdbc.sql("INSERT INTO application_reviews (application_id, decision, reviewer_id, rule_verdicts, comment) VALUES (?, ?, ?, ?::jsonb, ?)")
                .params(applicationId, approve ? "APPROVE" : "REJECT", reviewer.id(), JSON.writeValueAsString(verdicts), comment.strip()).update();
        jdbc.sql("UPDATE market_entry_applications SET status = ?, closed_at = now() WHERE id = ?").params(approve ? "APPROVED" : "REJECTED", applicationId).update();
        register.move(a.participantId(), approve ? Standing.Status.ADMITTED : Standing.Status.REJECTED);
        if (approve && a.applicantUserId() != null) {
            users.admitApplicant(a.applicantUserId());
        }
        audit.append(reviewer.getUsername(), approve ? AuditAction.ENTRY_APPROVED : AuditAction.ENTRY_REJECTED, "participant:" + a.participantId(),
                new Decided(applicationId, comment.strip(), d.outcome(), verdicts));
        return d;
    }

    /** Takes an admitted participant off the market, with the cause and the reason. */
    @Transactional
    public void delist(String participantId, String cause, String reason, GreenexUser by) {
        if (!DELISTING_CAUSES.contains(cause)) {
            throw new IllegalArgumentException("delisting cause must be one of " + DELISTING_CAUSES + ", got " + cause);
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("delisting " + participantId + " needs a reason");
        }
        reason = TextInput.require("reason", reason, TextInput.MAX_REASON);
        Standing.Status standing = register.lockStanding(participantId);
        if (standing != Standing.Status.ADMITTED) {
            throw new IllegalArgumentException("participant " + participantId + " is " + standing + ", not ADMITTED: nothing to delist");
        }
        jdbc.sql("INSERT INTO delistings (participant_id, cause, reason, decided_by) VALUES (?, ?, ?, ?)")
                .params(participantId, cause, reason.strip(), by.id()).update();
        register.move(participantId, Standing.Status.DELISTED);
        audit.append(by.getUsername(), AuditAction.DELISTED, "participant:" + participantId, new Delisted(cause, reason.strip()));
    }

    /** Submits an application (a participant row in APPLIED state if new). */
    @Transactional
    public long apply(String participantId, String name, BigDecimal capacityKw, String voltageLevel, String meterId, boolean tradingClient) {
        register.apply(new ParticipantRegister.Registration(participantId, name, capacityKw, voltageLevel, tradingClient));
        return jdbc.sql("""
                        INSERT INTO market_entry_applications (participant_id, capacity_kw, voltage_level, meter_id, trading_client_installed)
                        VALUES (?, ?, ?, ?, ?) RETURNING id""")
                .params(participantId, capacityKw, voltageLevel, meterId, tradingClient).query(Long.class).single();
    }

    /** Every rule's verdict of a decision, as stored with it and shown. */
    static List<Verdict> verdicts(EntryDecision d) {
        return d.findings().stream().map(f -> new Verdict(f.rule(), !f.failed(), f.reason())).toList();
    }

    public List<ParticipantRow> participants(int offset, int limit) {
        return jdbc.sql("""
                        SELECT p.id, p.name, p.kind, p.capacity_kw, p.voltage_level, p.status, a.address, p.created_at
                          FROM participants p LEFT JOIN participant_accounts a ON a.participant_id = p.id ORDER BY p.id OFFSET ? LIMIT ?""")
                .params(offset, limit)
                .query((rs, i) -> new ParticipantRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant()))
                .list();
    }

    public long participantCount() {
        return jdbc.sql("SELECT count(*) FROM participants").query(Long.class).single();
    }

    static Application application(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Application(rs.getLong("id"), rs.getString("participant_id"), rs.getString("name"), rs.getBigDecimal("capacity_kw"),
                rs.getString("voltage_level"), rs.getString("meter_id"), rs.getBoolean("smart"), rs.getBoolean("trading_client_installed"),
                rs.getTimestamp("submitted_at").toInstant(), rs.getString("status"), rs.getString("meters"), rs.getString("contact"),
                rs.getBigDecimal("battery_kwh"), rs.getString("trading_client"), rs.getInt("revision"), rs.getObject("applicant_user_id", Long.class));
    }
}
