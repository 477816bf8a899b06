package com.greenex.portal.market;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Clears each interval once, even with several portal instances: the instance that holds a
 * PostgreSQL advisory lock (on a connection of its own, for the whole run) does the work, the others
 * skip. Intervals left CLEARING by a crash are finished first; their results were written in one
 * transaction, so a crash left either all of them or none.
 */
@Component
class IntervalScheduler {

    /** pg_advisory_lock key: "greenex.scheduler". */
    static final long LOCK_KEY = 0x6772656E65786CL;

    private static final Logger log = LoggerFactory.getLogger(IntervalScheduler.class);

    private final DataSource dataSource;
    private final IntervalRunner runner;
    private final IntervalLifecycle lifecycle;

    IntervalScheduler(DataSource dataSource, IntervalRunner runner, IntervalLifecycle lifecycle) {
        this.dataSource = dataSource;
        this.runner = runner;
        this.lifecycle = lifecycle;
    }

    /** What a scheduler tick did. */
    record Tick(boolean leader, List<IntervalOutcome> outcomes) {
    }

    /**
     * Finishes intervals left CLEARING (a crash) or still COLLECTING after their end (the portal was
     * down), clears the last complete interval before {@code now}, and opens the current one as
     * COLLECTING, so that every interval's state is visible while it runs.
     *
     * @throws IllegalStateException when the database cannot be reached for the lock
     * @throws IntervalFailedException when an interval failed (it is FAILED with the reason)
     */
    Tick runDue(Instant now, Duration length, List<String> substations) {
        long len = length.toMillis();
        Instant end = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), len) * len);
        Instant start = end.minus(length);
        try (Connection lock = dataSource.getConnection()) {
            if (!tryLock(lock)) {
                return new Tick(false, List.of());
            }
            try {
                List<IntervalOutcome> outcomes = new ArrayList<>();
                for (IntervalLifecycle.Interval open : lifecycle.leftOpen(start)) {
                    for (String s : substations) {
                        log.info("Finishing interval {} left open", open.start());
                        outcomes.add(runner.run(s, open.start(), open.end()));
                    }
                }
                for (String s : substations) {
                    outcomes.add(runner.run(s, start, end));
                }
                lifecycle.open(end, end.plus(length));
                return new Tick(true, outcomes);
            } finally {
                unlock(lock);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the scheduler's lock: " + e.getMessage(), e);
        }
    }

    static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, LOCK_KEY);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static void unlock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, LOCK_KEY);
            ps.execute();
        }
    }
}
