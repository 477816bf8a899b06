package com.greenex.portal.market;

import com.greenex.settlement.BatchState;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one writer of an interval's state ({@code trading_intervals.status}): opens intervals, moves
 * them only along {@link IntervalState}'s transitions (an illegal move is refused, naming the state
 * the interval is in), fails them with their reason, and follows their settlement.
 */
@Service
public class IntervalLifecycle {

    /** A zone's interval: its place in time and in its life. */
    public record Interval(long id, String zone, Instant start, Instant end, Instant gateClosure, IntervalState state) {
    }

    private static final String COLUMNS = "id, zone_id, starts_at, ends_at, gate_closes_at, status";

    private final JdbcClient jdbc;

    public IntervalLifecycle(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The zone's interval starting at {@code start}, opened as OPEN with its gate closure if it has no row yet. */
    public Interval open(String zone, Instant start, Instant end, Instant gateClosure) {
        // Look first: an insert that meets the existing row would still use up an id.
        return find(zone, start).orElseGet(() -> {
            jdbc.sql("""
                            INSERT INTO trading_intervals (zone_id, starts_at, ends_at, gate_closes_at, status) VALUES (?, ?, ?, ?, ?)
                            ON CONFLICT (zone_id, starts_at) DO NOTHING""")
                    .params(zone, Timestamp.from(start), Timestamp.from(end), Timestamp.from(gateClosure), IntervalState.OPEN.name()).update();
            return find(zone, start).orElseThrow(() -> new IllegalStateException("zone " + zone + ": interval " + start + " was not opened"));
        });
    }

    /**
     * The zones of the market's schedule: every zone with a substation whose points are mapped (a
     * substation known only by an applicant's meter has no readings, so no market yet) and that is not
     * removed, by id. A zone whose substations are all paused keeps its intervals, MISSED with the
     * reason at their gate closure; it clears again when one is resumed.
     */
    public List<String> zones() {
        return jdbc.sql("""
                        SELECT z.id FROM market_zones z
                         WHERE EXISTS (SELECT 1 FROM substations s JOIN points p ON p.substation_id = s.id
                                        WHERE s.zone_id = z.id AND s.state <> 'REMOVED' AND p.retired_at IS NULL) ORDER BY z.id""")
                .query(String.class).list();
    }

    /** Every substation of a zone, paused and removed ones too (what a delivered interval is metered at), by id. */
    public List<String> allSubstations(String zone) {
        return jdbc.sql("SELECT id FROM substations WHERE zone_id = ? ORDER BY id").param(zone).query(String.class).list();
    }

    /** Why a zone does not clear now: its substations' states with who changed them and why, in words. */
    public String whyNotClearing(String zone) {
        List<String> states = jdbc.sql("""
                        SELECT s.id || ' ' || s.state || coalesce(' by ' || s.state_changed_by, '') || coalesce(' at ' || to_char(s.state_changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), '')
                               || coalesce(': ' || s.state_reason, '')
                          FROM substations s WHERE s.zone_id = ? ORDER BY s.id""").param(zone).query(String.class).list();
        return "zone " + zone + " has no active substation with mapped points (" + String.join("; ", states) + ")";
    }

    /** The active substations of a zone (neither paused nor removed), by id: those it clears. */
    public List<String> substations(String zone) {
        return jdbc.sql("SELECT id FROM substations WHERE zone_id = ? AND state = 'ACTIVE' ORDER BY id").param(zone).query(String.class).list();
    }

    /** The zone a participant trades in: that of its meters' substation, or empty when it has no meter yet. */
    public Optional<String> zoneOf(String participant) {
        return jdbc.sql("SELECT min(s.zone_id) FROM meters m JOIN substations s ON s.id = m.substation_id WHERE m.participant_id = ?")
                .param(participant).query((rs, i) -> Optional.ofNullable(rs.getString(1))).single();
    }

    /**
     * Opens the interval starting at {@code next} and gives every interval between the latest one
     * with a row and it a row of its own: those that have already started at {@code now} as MISSED
     * with the reason (the market was not running at their gate closure), the others OPEN (one whose
     * gate closed but that has not started is still cleared, late). Set-based, one statement;
     * looks first, so that nothing uses up ids when all rows exist.
     *
     * @return the intervals written as MISSED
     */
    public int openThrough(String zone, Instant next, Duration length, Duration gateLead, Instant now) {
        if (find(zone, next).isPresent()) {
            return 0;
        }
        Instant latestEnd = jdbc.sql("SELECT max(ends_at) FROM trading_intervals WHERE zone_id = ? AND starts_at < ?").params(zone, Timestamp.from(next))
                .query((rs, i) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant)).single().orElse(null);
        Instant activeSince = jdbc.sql("SELECT max(state_changed_at) FROM substations WHERE zone_id = ? AND state = 'ACTIVE'").param(zone)
                .query((rs, i) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant)).single().orElse(null);
        if (latestEnd != null && activeSince != null && activeSince.isAfter(latestEnd)) {
            latestEnd = null; // connected again after it was removed: a new beginning, not a market that was down
        }
        long len = length.toMillis();
        // The first start on the interval grid at or after the latest interval's end (a changed length starts a new grid).
        Instant from = latestEnd == null ? next : Instant.ofEpochMilli(Math.floorDiv(latestEnd.toEpochMilli() + len - 1, len) * len);
        if (from.isAfter(next)) {
            from = next;
        }
        String reason = "the market was not running at its gate closure"
                + (latestEnd == null ? "" : " (nothing was scheduled between " + latestEnd + " and " + now + ")") + ": no schedule was made";
        jdbc.sql("""
                        INSERT INTO trading_intervals (zone_id, starts_at, ends_at, gate_closes_at, status, failure_reason)
                        SELECT :zone, s, s + make_interval(secs => :len / 1000.0), s - make_interval(secs => :lead / 1000.0),
                               CASE WHEN s <= :now THEN :missed ELSE :open END,
                               CASE WHEN s <= :now THEN :reason END
                          FROM generate_series(CAST(:from AS timestamptz), CAST(:next AS timestamptz), make_interval(secs => :len / 1000.0)) s
                        ON CONFLICT (zone_id, starts_at) DO NOTHING""")
                .param("zone", zone).param("len", len).param("lead", gateLead.toMillis()).param("now", Timestamp.from(now))
                .param("missed", IntervalState.MISSED.name()).param("open", IntervalState.OPEN.name()).param("reason", reason)
                .param("from", Timestamp.from(from)).param("next", Timestamp.from(next)).update();
        return jdbc.sql("SELECT count(*) FROM trading_intervals WHERE zone_id = ? AND status = ? AND failure_reason = ?")
                .params(zone, IntervalState.MISSED.name(), reason).query(Integer.class).single();
    }

    public Optional<Interval> find(String zone, Instant start) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM trading_intervals WHERE zone_id = ? AND starts_at = ?").params(zone, Timestamp.from(start))
                .query(IntervalLifecycle::interval).optional();
    }

    public Optional<Interval> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM trading_intervals WHERE id = ?").param(id).query(IntervalLifecycle::interval).optional();
    }

    public IntervalState state(long id) {
        return jdbc.sql("SELECT status FROM trading_intervals WHERE id = ?").param(id).query(String.class).optional().map(IntervalState::valueOf)
                .orElseThrow(() -> new IllegalArgumentException("no interval " + id));
    }

    /** Intervals in any of {@code states}, oldest first. */
    public List<Interval> inState(Set<IntervalState> states) {
        String in = states.stream().map(s -> "'" + s.name() + "'").sorted().collect(Collectors.joining(", "));
        return jdbc.sql("SELECT " + COLUMNS + " FROM trading_intervals WHERE status IN (" + in + ") ORDER BY starts_at, zone_id")
                .query(IntervalLifecycle::interval).list();
    }

    private static Interval interval(ResultSet rs, int row) throws SQLException {
        return new Interval(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant(),
                rs.getTimestamp(5).toInstant(), IntervalState.valueOf(rs.getString(6)));
    }

    /**
     * Moves the interval to {@code to} from any state that may reach it.
     *
     * @throws IllegalStateException naming the interval's state when it may not move to {@code to}
     */
    public void move(long id, IntervalState to) {
        move(id, IntervalState.before(to), to, null);
    }

    /** OPEN or GATE_CLOSED → FAILED with the reason; false when the interval was no longer open (it cleared meanwhile). */
    public boolean fail(long id, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("interval " + id + ": a failed interval needs its reason");
        }
        return update(id, IntervalState.before(IntervalState.FAILED), IntervalState.FAILED, reason) == 1;
    }

    /** FAILED → GATE_CLOSED, its reason cleared: the next tick clears it again ({@link IntervalRetry}, audited there). */
    void retry(long id) {
        move(id, java.util.EnumSet.of(IntervalState.FAILED), IntervalState.GATE_CLOSED, null);
    }

    public String failureReason(long id) {
        return jdbc.sql("SELECT failure_reason FROM trading_intervals WHERE id = ?").param(id).query(String.class).optional().orElse(null);
    }

    /** OPEN or GATE_CLOSED → MISSED with the reason (the market was down when it had to schedule it); false when no longer open. */
    public boolean miss(long id, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("interval " + id + ": a missed interval needs its reason");
        }
        return update(id, IntervalState.before(IntervalState.MISSED), IntervalState.MISSED, reason) == 1;
    }

    private void move(long id, Set<IntervalState> from, IntervalState to, String reason) {
        if (update(id, from, to, reason) != 1) {
            IntervalState now = state(id);
            throw new IllegalStateException("interval " + id + " is " + now + ": it cannot move to " + to
                    + " (only from " + from.stream().map(Enum::name).sorted().collect(Collectors.joining(", ")) + ")");
        }
    }

    private int update(long id, Set<IntervalState> from, IntervalState to, String reason) {
        // The states are the enum's own names, never input: written into the statement as they are.
        String states = from.stream().map(s -> "'" + s.name() + "'").sorted().collect(Collectors.joining(", "));
        return jdbc.sql("UPDATE trading_intervals SET status = ?, failure_reason = ?, updated_at = now() WHERE id = ? AND status IN (" + states + ")")
                .params(to.name(), reason, id).update();
    }

    /**
     * METERED → SETTLED once every settlement batch of the interval is confirmed on chain (an interval
     * without trades has nothing to settle); SETTLED → METERED when one of its batches was re-opened
     * because the chain lost it, until it is confirmed again.
     *
     * @return how many intervals moved (either way)
     */
    public int followSettlement() {
        int back = jdbc.sql("""
                        UPDATE trading_intervals i SET status = ?, updated_at = now()
                         WHERE i.status = ?
                           AND EXISTS (SELECT 1 FROM settlement_batches b WHERE b.interval_id = i.id AND b.state <> ?)""")
                .params(IntervalState.METERED.name(), IntervalState.SETTLED.name(), BatchState.CONFIRMED.name()).update();
        return back + jdbc.sql("""
                        UPDATE trading_intervals i SET status = ?, updated_at = now()
                         WHERE i.status = ?
                           AND NOT EXISTS (SELECT 1 FROM settlement_batches b WHERE b.interval_id = i.id AND b.state <> ?)""")
                .params(IntervalState.SETTLED.name(), IntervalState.METERED.name(), BatchState.CONFIRMED.name()).update();
    }
}
