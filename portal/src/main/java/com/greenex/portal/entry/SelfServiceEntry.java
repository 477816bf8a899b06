package com.greenex.portal.entry;

import com.greenex.portal.audit.AuditAction;
import com.greenex.portal.audit.AuditLog;
import com.greenex.portal.config.TextInput;
import com.greenex.portal.security.GreenexUser;
import com.greenex.portal.security.Users;
import com.greenex.rules.EntryApplication;
import com.greenex.rules.EntryDecision;
import com.greenex.rules.MarketRules;
import com.greenex.rules.Standing;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Market entry as the applicant works it: it applies with no account, is judged by the entry rules at
 * once and sees every verdict with its reason, gets an APPLICANT login to follow its application,
 * corrects it while it is pending (a new revision, judged again), applies again after a rejection or a
 * withdrawal (a new application), and may withdraw. The regulator's side is {@link MarketEntry}; on
 * approval the applicant's login becomes a PARTICIPANT's.
 *
 * <p>Every refusal is an {@link IllegalArgumentException} (or {@link IllegalStateException} for a
 * state that refuses it) whose message starts with the field it is about; nothing is written then.
 */
@Service
public class SelfServiceEntry {

    /** A meter the applicant states: its id and whether it is a smart meter. */
    public record StatedMeter(String id, Boolean smart) {
    }

    /** What the applicant states about itself: judged by the entry rules, corrected on re-application. */
    public record Terms(String name, String contact, BigDecimal capacityKw, String voltageLevel, List<StatedMeter> meters,
                        BigDecimal batteryKwh, String tradingClient) {
    }

    /** The regulator's decision on an application, once there is one. */
    public record Decision(String decision, String comment, Instant at) {
    }

    /** An application as its applicant (or the regulator) follows it. */
    public record ApplicationState(long id, String participantId, String username, String status, int revision, Instant submittedAt,
                                   Instant revisedAt, Terms terms, EntryDecision rulesSay, Decision decision) {
    }

    /** A meter an admitted participant stated that no substation's mapping has yet: the integrator's to map. */
    public record MeterToMap(String participantId, String participantName, String meterId, boolean smart, Instant admittedAt) {
    }

    /** The audit entry of an application, a revision or a withdrawal: what was stated and what the rules said. */
    record Applied(long application, int revision, Terms terms, String rulesSay, List<MarketEntry.Verdict> verdicts) {
    }

    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.@-]{3,64}");
    static final Pattern METER_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    static final int MAX_METERS = 16;
    private static final BigDecimal MAX_KW = new BigDecimal("1000000");

    private final JdbcClient jdbc;
    private final MarketRules rules;
    private final EntryProperties properties;
    private final AuditLog audit;
    private final ParticipantRegister register;
    private final Users users;

    public SelfServiceEntry(JdbcClient jdbc, MarketRules rules, EntryProperties properties, AuditLog audit, ParticipantRegister register, Users users) {
        this.jdbc = jdbc;
        this.rules = rules;
        this.properties = properties;
        this.audit = audit;
        this.register = register;
        this.users = users;
    }

    /**
     * A new applicant applies: a participant in APPLIED standing with an id of its own (A-000001 …), an
     * APPLICANT login with the username and password it chose, and a PENDING application judged at once.
     *
     * @throws IllegalArgumentException naming the field that is wrong
     * @throws IllegalStateException    when the username is taken or a meter is someone else's
     */
    @Transactional
    public ApplicationState apply(String username, String password, Terms stated) {
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("username: missing");
        }
        if (!USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("username: 3-64 letters, digits or . _ @ -, got \"" + TextInput.require("username", username, 200) + "\"");
        }
        if (password == null || password.length() < 12) {
            throw new IllegalArgumentException("password: at least 12 characters");
        }
        if (password.length() > 200) {
            throw new IllegalArgumentException("password: at most 200 characters");
        }
        if (password.equalsIgnoreCase(username)) {
            throw new IllegalArgumentException("password: must not be the username");
        }
        Terms terms = check(stated);
        String participantId = "A-%06d".formatted(jdbc.sql("SELECT nextval('applicant_participant_seq')").query(Long.class).single());
        register.apply(new ParticipantRegister.Registration(participantId, terms.name(), terms.capacityKw(), terms.voltageLevel(),
                terms.tradingClient() != null));
        long userId = users.createApplicant(username, terms.name(), password, participantId);
        long id = insert(participantId, userId, terms);
        EntryDecision d = review(id);
        audit.append(username, AuditAction.ENTRY_APPLIED, "participant:" + participantId,
                new Applied(id, 1, withoutContact(terms), d.outcome().name(), MarketEntry.verdicts(d)));
        return state(id);
    }

    /**
     * The applicant corrects its application: a PENDING one gets a new revision, judged again; after a
     * rejection or a withdrawal it applies again (a new application, its standing APPLIED once more).
     *
     * @return the application as it is now (a new id when it applied again)
     */
    @Transactional
    public ApplicationState correct(long applicationId, Terms stated, GreenexUser applicant) {
        ApplicationState a = own(applicationId, applicant, true);
        Terms terms = check(stated);
        long id;
        int revision;
        switch (a.status()) {
            case "PENDING" -> {
                jdbc.sql("""
                                UPDATE market_entry_applications SET capacity_kw = ?, voltage_level = ?, trading_client_installed = ?, contact = ?,
                                       battery_kwh = ?, trading_client = ?, revision = revision + 1, revised_at = now() WHERE id = ?""")
                        .params(terms.capacityKw(), terms.voltageLevel(), terms.tradingClient() != null, terms.contact(), terms.batteryKwh(),
                                terms.tradingClient(), applicationId).update();
                jdbc.sql("DELETE FROM application_meters WHERE application_id = ?").param(applicationId).update();
                insertMeters(applicationId, terms.meters());
                id = applicationId;
                revision = a.revision() + 1;
            }
            case "REJECTED", "WITHDRAWN" -> {
                if (jdbc.sql("SELECT count(*) FROM market_entry_applications WHERE participant_id = ? AND id > ?").params(a.participantId(), applicationId)
                        .query(Long.class).single() > 0) {
                    throw new IllegalStateException("application " + applicationId + " has been followed by a newer one: correct that one");
                }
                register.move(a.participantId(), Standing.Status.APPLIED);
                id = insert(a.participantId(), applicant.id(), terms);
                revision = 1;
            }
            default -> throw new IllegalStateException("application " + applicationId + " is " + a.status() + ": there is nothing to correct");
        }
        register.restate(new ParticipantRegister.Registration(a.participantId(), terms.name(), terms.capacityKw(), terms.voltageLevel(),
                terms.tradingClient() != null));
        jdbc.sql("UPDATE users SET display_name = ? WHERE id = ?").params(terms.name(), applicant.id()).update();
        EntryDecision d = review(id);
        audit.append(applicant.getUsername(), id == applicationId ? AuditAction.ENTRY_REVISED : AuditAction.ENTRY_APPLIED,
                "participant:" + a.participantId(), new Applied(id, revision, withoutContact(terms), d.outcome().name(), MarketEntry.verdicts(d)));
        return state(id);
    }

    /** The applicant withdraws its pending application; its standing becomes WITHDRAWN (it may apply again). */
    @Transactional
    public ApplicationState withdraw(long applicationId, GreenexUser applicant) {
        ApplicationState a = own(applicationId, applicant, true);
        if (!a.status().equals("PENDING")) {
            throw new IllegalStateException("application " + applicationId + " is " + a.status() + ": only a pending application can be withdrawn");
        }
        jdbc.sql("UPDATE market_entry_applications SET status = 'WITHDRAWN', closed_at = now() WHERE id = ? AND status = 'PENDING'")
                .param(applicationId).update();
        register.move(a.participantId(), Standing.Status.WITHDRAWN);
        audit.append(applicant.getUsername(), AuditAction.ENTRY_WITHDRAWN, "participant:" + a.participantId(), new MarketEntry.Withdrawn(applicationId));
        return state(applicationId);
    }

    /**
     * Meters of admitted participants that no mapping has yet, oldest admission first: until the
     * integrator maps them, the participant has no readings and so no position.
     */
    public List<MeterToMap> metersToMap(String participantId) {
        return jdbc.sql("""
                        SELECT a.participant_id, p.name, am.meter_id, am.smart, a.closed_at
                          FROM market_entry_applications a JOIN application_meters am ON am.application_id = a.id
                          JOIN participants p ON p.id = a.participant_id
                         WHERE a.status = 'APPROVED' AND p.status = 'ADMITTED' AND (CAST(? AS text) IS NULL OR a.participant_id = ?)
                           AND NOT EXISTS (SELECT 1 FROM meters m WHERE m.id = am.meter_id)
                         ORDER BY a.closed_at, am.meter_id LIMIT 1000""")
                .params(participantId, participantId)
                .query((rs, i) -> new MeterToMap(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getTimestamp(5).toInstant()))
                .list();
    }

    /** The applicant's applications, newest first. */
    public List<ApplicationState> mine(GreenexUser applicant) {
        return jdbc.sql("SELECT id FROM market_entry_applications WHERE applicant_user_id = ? ORDER BY id DESC").param(applicant.id())
                .query(Long.class).list().stream().map(this::state).toList();
    }

    /**
     * One application: its applicant sees its own, the regulator (and an admin) any.
     *
     * @throws NoSuchElementException when there is none the viewer may see (the same answer either way)
     */
    public ApplicationState find(long applicationId, GreenexUser viewer) {
        return own(applicationId, viewer, false);
    }

    private ApplicationState own(long applicationId, GreenexUser viewer, boolean lock) {
        long owner = jdbc.sql("SELECT coalesce(applicant_user_id, -1) FROM market_entry_applications WHERE id = ?" + (lock ? " FOR UPDATE" : ""))
                .param(applicationId).query(Long.class).optional()
                .orElseThrow(() -> new NoSuchElementException("no application " + applicationId + " of yours"));
        boolean reviewer = !lock && (viewer.hasRole("REGULATOR") || viewer.hasRole("ADMIN"));
        if (!reviewer && owner != viewer.id()) {
            throw new NoSuchElementException("no application " + applicationId + " of yours");
        }
        return state(applicationId);
    }

    ApplicationState state(long id) {
        return jdbc.sql("""
                        SELECT a.id, a.participant_id, u.username, a.status, a.revision, a.submitted_at, a.revised_at, p.name, a.contact,
                               a.capacity_kw, a.voltage_level, a.battery_kwh, a.trading_client, r.decision, r.comment, r.decided_at
                          FROM market_entry_applications a JOIN participants p ON p.id = a.participant_id
                          LEFT JOIN users u ON u.id = a.applicant_user_id LEFT JOIN application_reviews r ON r.application_id = a.id
                         WHERE a.id = ?""")
                .param(id)
                .query((rs, i) -> new ApplicationState(rs.getLong("id"), rs.getString("participant_id"), rs.getString("username"),
                        rs.getString("status"), rs.getInt("revision"), rs.getTimestamp("submitted_at").toInstant(),
                        rs.getTimestamp("revised_at") == null ? null : rs.getTimestamp("revised_at").toInstant(),
                        new Terms(rs.getString("name"), rs.getString("contact"), rs.getBigDecimal("capacity_kw"), rs.getString("voltage_level"),
                                meters(id), rs.getBigDecimal("battery_kwh"), rs.getString("trading_client")),
                        review(id, rs.getString("status")),
                        rs.getString("decision") == null ? null
                                : new Decision(rs.getString("decision"), rs.getString("comment"), rs.getTimestamp("decided_at").toInstant())))
                .optional()
                .orElseThrow(() -> new NoSuchElementException("no application " + id));
    }

    private List<StatedMeter> meters(long applicationId) {
        return jdbc.sql("SELECT meter_id, smart FROM application_meters WHERE application_id = ? ORDER BY meter_id").param(applicationId)
                .query((rs, i) -> new StatedMeter(rs.getString(1), rs.getBoolean(2))).list();
    }

    private EntryDecision review(long applicationId) {
        return review(applicationId, "PENDING");
    }

    /** What the entry rules say of the application as it stands (the regulator's review as its status has it). */
    private EntryDecision review(long applicationId, String status) {
        MarketEntry.Application a = jdbc.sql(MarketEntry.APPLICATION + " WHERE a.id = ?").param(applicationId).query(MarketEntry::application).single();
        EntryApplication.Review review = switch (status) {
            case "APPROVED" -> EntryApplication.Review.APPROVED;
            case "REJECTED" -> EntryApplication.Review.REJECTED;
            default -> EntryApplication.Review.PENDING;
        };
        return rules.reviewEntry(new EntryApplication(a.participantId(), a.meterId(), a.smartMeter(), a.tradingClientInstalled(), a.capacityKw(),
                a.voltageLevel(), review, null), properties.limits());
    }

    private long insert(String participantId, long userId, Terms terms) {
        long id = jdbc.sql("""
                        INSERT INTO market_entry_applications (participant_id, capacity_kw, voltage_level, trading_client_installed, applicant_user_id,
                                                               contact, battery_kwh, trading_client)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")
                .params(participantId, terms.capacityKw(), terms.voltageLevel(), terms.tradingClient() != null, userId, terms.contact(),
                        terms.batteryKwh(), terms.tradingClient())
                .query(Long.class).single();
        insertMeters(id, terms.meters());
        return id;
    }

    private void insertMeters(long applicationId, List<StatedMeter> meters) {
        String self = jdbc.sql("SELECT participant_id FROM market_entry_applications WHERE id = ?").param(applicationId).query(String.class).single();
        for (StatedMeter m : meters) {
            String other = jdbc.sql("""
                            SELECT participant_id FROM meters WHERE id = ?
                            UNION ALL
                            SELECT a.participant_id FROM application_meters am JOIN market_entry_applications a ON a.id = am.application_id
                             WHERE am.meter_id = ? AND a.status IN ('PENDING', 'APPROVED') AND a.id <> ?
                            LIMIT 1""")
                    .params(m.id(), m.id(), applicationId).query(String.class).optional().orElse(null);
            if (other != null && !other.equals(self)) {
                throw new IllegalStateException("meters: meter " + m.id() + " is registered to another participant or claimed in another application");
            }
            jdbc.sql("INSERT INTO application_meters (application_id, meter_id, smart) VALUES (?, ?, ?)").params(applicationId, m.id(), m.smart()).update();
        }
    }

    /**
     * The stated terms checked field by field, stripped; an absent trading client is null.
     *
     * @throws IllegalArgumentException naming the first field that is wrong
     */
    static Terms check(Terms t) {
        if (t == null) {
            throw new IllegalArgumentException("body: missing (name, contact, capacityKw, voltageLevel, meters, batteryKwh, tradingClient)");
        }
        String name = TextInput.require("name", t.name(), 100);
        String contact = TextInput.require("contact", t.contact(), 200);
        if (t.capacityKw() == null) {
            throw new IllegalArgumentException("capacityKw: missing (the installed capacity in kW)");
        }
        if (t.capacityKw().signum() <= 0 || t.capacityKw().compareTo(MAX_KW) > 0 || t.capacityKw().stripTrailingZeros().scale() > 3) {
            throw new IllegalArgumentException("capacityKw: " + t.capacityKw().toPlainString() + " is not a capacity (more than 0, at most 1000000 kW, 3 decimals)");
        }
        String voltage = TextInput.require("voltageLevel", t.voltageLevel(), 32);
        if (t.meters() == null || t.meters().isEmpty()) {
            throw new IllegalArgumentException("meters: missing (at least one meter id, with whether it is a smart meter)");
        }
        if (t.meters().size() > MAX_METERS) {
            throw new IllegalArgumentException("meters: " + t.meters().size() + " meters, at most " + MAX_METERS);
        }
        List<StatedMeter> meters = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < t.meters().size(); i++) {
            StatedMeter m = t.meters().get(i);
            String field = "meters[" + i + "]";
            if (m == null || m.id() == null || m.id().isBlank()) {
                throw new IllegalArgumentException(field + ".id: missing");
            }
            if (!METER_ID.matcher(m.id().strip()).matches()) {
                throw new IllegalArgumentException(field + ".id: \"" + TextInput.require(field + ".id", m.id(), 200) + "\" is not a meter id (1-64 letters, digits, . _ -)");
            }
            if (m.smart() == null) {
                throw new IllegalArgumentException(field + ".smart: missing (true for a smart meter, false otherwise)");
            }
            if (!seen.add(m.id().strip())) {
                throw new IllegalArgumentException(field + ".id: meter " + m.id().strip() + " is stated twice");
            }
            meters.add(new StatedMeter(m.id().strip(), m.smart()));
        }
        if (t.batteryKwh() != null && (t.batteryKwh().signum() < 0 || t.batteryKwh().compareTo(MAX_KW) > 0 || t.batteryKwh().stripTrailingZeros().scale() > 3)) {
            throw new IllegalArgumentException("batteryKwh: " + t.batteryKwh().toPlainString() + " is not a battery capacity (0 or more kWh, 3 decimals; leave it out for none)");
        }
        String client = t.tradingClient() == null || t.tradingClient().isBlank() ? null : TextInput.require("tradingClient", t.tradingClient(), 100);
        return new Terms(name, contact, t.capacityKw(), voltage, List.copyOf(meters), t.batteryKwh(), client);
    }

    /** The audit log is readable by every regulator: the applicant's contact stays in the application. */
    private static Terms withoutContact(Terms t) {
        return new Terms(t.name(), null, t.capacityKw(), t.voltageLevel(), t.meters(), t.batteryKwh(), t.tradingClient());
    }
}
