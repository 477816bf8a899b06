package com.greenex.portal.market;

import com.greenex.settlement.BatchState;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one writer of {@code trading_intervals.status}: opens intervals, moves them along
 * {@link IntervalState}'s moves and refuses any other, naming the state the interval is in. Each move
 * is one conditional statement, so two writers racing cannot both win, and a move runs in the
 * caller's transaction when there is one (CLEARED commits with the results it stands for).
 */
@Service
public class IntervalLifecycle {

    /** An interval's place in time and in its life. */
    public record Interval(long id, Instant start, Instant end, IntervalState state) {
    }

    private final JdbcClient jdbc;

    public IntervalLifecycle(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The interval starting at {@code start}, opened as COLLECTING if it has no row yet. */
    public Interval open(Instant start, Instant end) {
        // Look first: an insert that meets the existing row would still use up an id.
        return find(start).orElseGet(() -> {
            jdbc.sql("INSERT INTO trading_intervals (starts_at, ends_at, status) VALUES (?, ?, ?) ON CONFLICT (starts_at) DO NOTHING")
                    .params(Timestamp.from(start), Timestamp.from(end), IntervalState.COLLECTING.name()).update();
            return find(start).orElseThrow(() -> new IllegalStateException("interval " + start + " was not opened"));
        });
    }

    public Optional<Interval> find(Instant start) {
        return jdbc.sql("SELECT id, starts_at, ends_at, status FROM trading_intervals WHERE starts_at = ?").param(Timestamp.from(start))
                .query((rs, i) -> new Interval(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant(),
                        IntervalState.valueOf(rs.getString(4))))
                .optional();
    }

    public IntervalState state(long id) {
        return jdbc.sql("SELECT status FROM trading_intervals WHERE id = ?").param(id).query(String.class).optional().map(IntervalState::valueOf)
                .orElseThrow(() -> new IllegalArgumentException("no interval " + id));
    }

    /** Intervals a crash left CLEARING, and ones still COLLECTING that ended before {@code before}, oldest first. */
    public List<Interval> leftOpen(Instant before) {
        return jdbc.sql("""
                        SELECT id, starts_at, ends_at, status FROM trading_intervals
                         WHERE status = ? OR (status = ? AND starts_at < ?) ORDER BY starts_at""")
                .params(IntervalState.CLEARING.name(), IntervalState.COLLECTING.name(), Timestamp.from(before))
                .query((rs, i) -> new Interval(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant(),
                        IntervalState.valueOf(rs.getString(4))))
                .list();
    }

    /**
     * Moves the interval to {@code to} from any state that may reach it.
     *
     * @throws IllegalStateException naming the interval's state when it may not move to {@code to}
     */
    public void move(long id, IntervalState to) {
        move(id, IntervalState.before(to), to, null);
    }

    /** CLEARING → FAILED with the reason; false when the interval was no longer CLEARING (it cleared meanwhile). */
    public boolean fail(long id, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("interval " + id + ": a failed interval needs its reason");
        }
        return update(id, Set.of(IntervalState.CLEARING), IntervalState.FAILED, reason) == 1;
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
     * Moves cleared intervals along as their settlement progresses: CLEARED → SETTLING once a batch is
     * on its way, → SETTLED when every batch is confirmed (an interval without trades has nothing to
     * settle and is SETTLED at once).
     *
     * @return how many intervals moved
     */
    public int followSettlement() {
        String confirmed = BatchState.CONFIRMED.name();
        int settling = jdbc.sql("""
                        UPDATE trading_intervals i SET status = ?, updated_at = now()
                         WHERE i.status = ?
                           AND EXISTS (SELECT 1 FROM settlement_batches b WHERE b.interval_id = i.id AND b.state IN (?, ?))
                           AND EXISTS (SELECT 1 FROM settlement_batches b WHERE b.interval_id = i.id AND b.state <> ?)""")
                .params(IntervalState.SETTLING.name(), IntervalState.CLEARED.name(), BatchState.SENT.name(), confirmed, confirmed).update();
        int settled = jdbc.sql("""
                        UPDATE trading_intervals i SET status = ?, updated_at = now()
                         WHERE i.status IN (?, ?)
                           AND NOT EXISTS (SELECT 1 FROM settlement_batches b WHERE b.interval_id = i.id AND b.state <> ?)""")
                .params(IntervalState.SETTLED.name(), IntervalState.CLEARED.name(), IntervalState.SETTLING.name(), confirmed).update();
        return settling + settled;
    }
}
