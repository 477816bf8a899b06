package com.greenex.portal.entry;

import com.greenex.rules.Standing;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.Set;

/**
 * The market register, and the one writer of a participant's standing ({@code participants.status},
 * the rules' {@link Standing.Status}): APPLIED → ADMITTED or REJECTED by the regulator's decision,
 * or WITHDRAWN by the applicant; REJECTED or WITHDRAWN → APPLIED when it applies again; ADMITTED → DELISTED. Any other move is refused, naming the standing the participant has.
 */
@Service
public class ParticipantRegister {

    /** A new participant's register entry. */
    public record Registration(String id, String name, BigDecimal capacityKw, String voltageLevel, boolean tradingClient) {
    }

    private final JdbcClient jdbc;

    public ParticipantRegister(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The standings a participant may move to from {@code from}. */
    public static Set<Standing.Status> next(Standing.Status from) {
        return switch (from) {
            case APPLIED -> EnumSet.of(Standing.Status.ADMITTED, Standing.Status.REJECTED, Standing.Status.WITHDRAWN);
            case ADMITTED -> EnumSet.of(Standing.Status.DELISTED);
            // An applicant rejected, or one that withdrew, may correct its application and apply again.
            case REJECTED, WITHDRAWN -> EnumSet.of(Standing.Status.APPLIED);
            case DELISTED -> EnumSet.noneOf(Standing.Status.class);
        };
    }

    /** Registers the participant as APPLIED, unless it is registered already. */
    @Transactional
    public void apply(Registration r) {
        insert(r, Standing.Status.APPLIED);
    }

    /**
     * The demo register only: a simulated prosumer admitted without an application, since it stands
     * for a participant that went through entry before the demo began.
     */
    @Transactional
    public void registerAdmittedForDemo(Registration r) {
        insert(r, Standing.Status.ADMITTED);
    }

    /** An applicant corrected what it stated: the register says what the application now says (its standing unchanged). */
    @Transactional
    public void restate(Registration r) {
        jdbc.sql("UPDATE participants SET name = ?, capacity_kw = ?, voltage_level = ?, trading_client_installed = ? WHERE id = ?")
                .params(r.name(), r.capacityKw(), r.voltageLevel(), r.tradingClient(), r.id()).update();
    }

    private void insert(Registration r, Standing.Status status) {
        jdbc.sql("""
                        INSERT INTO participants (id, name, kind, capacity_kw, voltage_level, trading_client_installed, status)
                        VALUES (?, ?, 'PROSUMER', ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING""")
                .params(r.id(), r.name(), r.capacityKw(), r.voltageLevel(), r.tradingClient(), status.name()).update();
    }

    /** The participant's standing, read under a row lock until the caller's transaction ends. */
    public Standing.Status lockStanding(String participantId) {
        return jdbc.sql("SELECT status FROM participants WHERE id = ? FOR UPDATE").param(participantId).query(String.class).optional()
                .map(Standing.Status::valueOf)
                .orElseThrow(() -> new IllegalArgumentException("no participant " + participantId));
    }

    /**
     * Moves the participant to {@code to} in the caller's transaction.
     *
     * @throws IllegalArgumentException naming the participant's standing when the move is not allowed, or an unknown participant
     */
    @Transactional
    public void move(String participantId, Standing.Status to) {
        Standing.Status from = lockStanding(participantId);
        if (!next(from).contains(to)) {
            throw new IllegalArgumentException("participant " + participantId + " is " + from + ": it cannot become " + to
                    + (next(from).isEmpty() ? " (" + from + " is final)" : " (from " + from + " only " + next(from) + ")"));
        }
        jdbc.sql("UPDATE participants SET status = ? WHERE id = ? AND status = ?").params(to.name(), participantId, from.name()).update();
    }
}
