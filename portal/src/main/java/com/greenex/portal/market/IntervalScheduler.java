package com.greenex.portal.market;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
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
public class IntervalScheduler {

    /** pg_advisory_lock key: "greenex.scheduler". */
    static final long LOCK_KEY = 0x6772656E65786CL;

    private static final Logger log = LoggerFactory.getLogger(IntervalScheduler.class);

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final IntervalRunner runner;

    public IntervalScheduler(DataSource dataSource, JdbcClient jdbc, IntervalRunner runner) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.runner = runner;
    }

    /** What a scheduler tick did. */
    public record Tick(boolean leader, List<IntervalOutcome> outcomes) {
    }

    /**
     * Finishes intervals left CLEARING (a crash) or still COLLECTING after their end (the portal was
     * down), clears the last complete interval before {@code now}, and opens the current one as
     * COLLECTING, so that every interval's state is visible while it runs.
     */
    public Tick runDue(Instant now, Duration length, List<String> substations) throws Exception {
        long len = length.toMillis();
        Instant end = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), len) * len);
        Instant start = end.minus(length);
        try (Connection lock = dataSource.getConnection()) {
            if (!tryLock(lock)) {
                return new Tick(false, List.of());
            }
            try {
                List<IntervalOutcome> outcomes = new ArrayList<>();
                for (Instant[] w : leftOpen(start)) {
                    for (String s : substations) {
                        log.info("Finishing interval {} left open", w[0]);
                        outcomes.add(runner.run(s, w[0], w[1]));
                    }
                }
                for (String s : substations) {
                    outcomes.add(runner.run(s, start, end));
                }
                jdbc.sql("INSERT INTO trading_intervals (starts_at, ends_at) VALUES (?, ?) ON CONFLICT (starts_at) DO NOTHING")
                        .params(java.sql.Timestamp.from(end), java.sql.Timestamp.from(end.plus(length))).update();
                return new Tick(true, outcomes);
            } finally {
                unlock(lock);
            }
        }
    }

    /** CLEARING ones, and COLLECTING ones that ended before the interval cleared now. */
    private List<Instant[]> leftOpen(Instant lastComplete) {
        return jdbc.sql("""
                        SELECT starts_at, ends_at FROM trading_intervals
                         WHERE status = 'CLEARING' OR (status = 'COLLECTING' AND starts_at < ?) ORDER BY starts_at""")
                .param(java.sql.Timestamp.from(lastComplete))
                .query((rs, i) -> new Instant[] {rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()}).list();
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
