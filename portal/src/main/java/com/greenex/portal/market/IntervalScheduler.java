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
import java.util.EnumSet;
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
    private final BatteryDispatcher dispatcher;
    private final DeliveryMetering metering;
    private final MarketProperties market;

    IntervalScheduler(DataSource dataSource, IntervalRunner runner, IntervalLifecycle lifecycle, BatteryDispatcher dispatcher,
                      DeliveryMetering metering, MarketProperties market) {
        this.dataSource = dataSource;
        this.runner = runner;
        this.lifecycle = lifecycle;
        this.dispatcher = dispatcher;
        this.metering = metering;
        this.market = market;
    }

    /** What a scheduler tick did: the intervals it cleared, dispatched and metered. */
    record Tick(boolean leader, List<IntervalOutcome> outcomes, List<BatteryDispatcher.Dispatched> dispatched,
                List<DeliveryMetering.Metered> metered) {
        static Tick standby() {
            return new Tick(false, List.of(), List.of(), List.of());
        }
    }

    /**
     * Moves every interval along its life at {@code now}, once across instances: opens the next one
     * (OPEN until its gate closes at start − lead); at gate closure clears it and writes its setpoints
     * (DISPATCHED); at its start DELIVERING; after its end plus the grace METERED. An interval whose
     * gate closed while the market was down, and that has started since, cannot be scheduled any more:
     * FAILED with that reason.
     *
     * @throws IllegalStateException when the database cannot be reached for the lock
     * @throws IntervalFailedException when an interval failed (it is FAILED with the reason)
     */
    Tick runDue(Instant now, List<String> substations) {
        Duration length = market.intervalLength();
        long len = length.toMillis();
        Instant current = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), len) * len);
        Instant next = current.plus(length);
        try (Connection lock = dataSource.getConnection()) {
            if (!tryLock(lock)) {
                return Tick.standby();
            }
            try {
                List<IntervalOutcome> outcomes = new ArrayList<>();
                List<BatteryDispatcher.Dispatched> dispatched = new ArrayList<>();
                List<DeliveryMetering.Metered> metered = new ArrayList<>();
                lifecycle.open(next, next.plus(length), next.minus(market.gateLead()));
                for (IntervalLifecycle.Interval iv : lifecycle.inState(EnumSet.of(IntervalState.OPEN, IntervalState.GATE_CLOSED))) {
                    if (now.isBefore(iv.gateClosure())) {
                        continue;
                    }
                    if (!now.isBefore(iv.start())) {
                        String reason = "gate closure at " + iv.gateClosure() + " passed while the market was down; the interval started at "
                                + iv.start() + " without a schedule";
                        lifecycle.fail(iv.id(), reason);
                        outcomes.add(new IntervalOutcome(iv.id(), IntervalState.FAILED, reason, null, 0, 0, List.of(), null));
                        continue;
                    }
                    for (String s : substations) {
                        outcomes.add(runner.run(s, iv));
                    }
                }
                for (IntervalLifecycle.Interval iv : lifecycle.inState(EnumSet.of(IntervalState.CLEARED))) {
                    // Just before the start: a battery follows a setpoint from the moment it is written.
                    if (now.isBefore(iv.start().minus(market.dispatchLead()))) {
                        continue;
                    }
                    dispatched.add(now.isBefore(iv.start()) ? dispatcher.dispatch(iv.id(), runner.hours()) : dispatcher.tooLate(iv.id(), runner.hours()));
                }
                for (IntervalLifecycle.Interval iv : lifecycle.inState(EnumSet.of(IntervalState.DISPATCHED))) {
                    if (!now.isBefore(iv.start())) {
                        lifecycle.move(iv.id(), IntervalState.DELIVERING);
                    }
                }
                for (IntervalLifecycle.Interval iv : lifecycle.inState(EnumSet.of(IntervalState.DELIVERING))) {
                    if (!now.isBefore(iv.end().plus(market.meteringGrace()))) {
                        for (String s : substations) {
                            metered.add(metering.meter(s, iv));
                        }
                    }
                }
                return new Tick(true, outcomes, dispatched, metered);
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
