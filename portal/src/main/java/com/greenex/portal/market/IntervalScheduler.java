package com.greenex.portal.market;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.greenex.portal.scada.Substations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Clears each interval once, even with several portal instances: the instance that leads
 * ({@link Leadership}, a PostgreSQL advisory lock held for as long as it runs) does the work, the
 * others skip. Intervals left GATE_CLOSED by a crash are cleared again; their results were written in
 * one transaction, so a crash left either all of them or none.
 */
@Component
class IntervalScheduler {

    private static final Logger log = LoggerFactory.getLogger(IntervalScheduler.class);

    private final Leadership leadership;
    private final Substations bridge;
    private final IntervalRunner runner;
    private final IntervalLifecycle lifecycle;
    private final BatteryDispatcher dispatcher;
    private final DeliveryMetering metering;
    private final MarketProperties market;

    IntervalScheduler(Leadership leadership, Substations bridge, IntervalRunner runner, IntervalLifecycle lifecycle, BatteryDispatcher dispatcher,
                      DeliveryMetering metering, MarketProperties market) {
        this.leadership = leadership;
        this.bridge = bridge;
        this.runner = runner;
        this.lifecycle = lifecycle;
        this.dispatcher = dispatcher;
        this.metering = metering;
        this.market = market;
    }

    /**
     * What a scheduler tick did: the intervals it cleared, dispatched and metered, and how long clearing
     * every zone's due interval took (zero when none was due).
     */
    record Tick(boolean leader, List<IntervalOutcome> outcomes, List<BatteryDispatcher.Dispatched> dispatched,
                List<DeliveryMetering.Metered> metered, Duration clearing) {
        static Tick standby() {
            return new Tick(false, List.of(), List.of(), List.of(), Duration.ZERO);
        }
    }

    /**
     * Moves every interval along its life at {@code now}, once across instances: opens the next one
     * (OPEN until its gate closes at start − lead), giving each interval the market was down for a
     * row as MISSED with the reason; at gate closure clears it and writes its setpoints (DISPATCHED),
     * but first waits (until the dispatch lead before the start) for readings from before the gate
     * closure still in the bridge's buffer after a database outage; at its start DELIVERING; after its
     * end plus the grace METERED. An interval whose gate closed while the market was down, and that
     * has started since, cannot be scheduled any more: MISSED with that reason. A zone whose interval
     * fails is FAILED with its reason in its outcome; it holds back no other zone.
     *
     * @throws IllegalStateException when the database cannot be reached for the lock
     */
    Tick runDue(Instant now) {
        if (!leadership.lead()) {
            return Tick.standby();
        }
        Duration length = market.intervalLength();
        long len = length.toMillis();
        Instant current = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), len) * len);
        Instant next = current.plus(length);
        List<IntervalOutcome> outcomes = new ArrayList<>();
        List<BatteryDispatcher.Dispatched> dispatched = new ArrayList<>();
        List<DeliveryMetering.Metered> metered = new ArrayList<>();
        java.util.Map<String, List<String>> zones = new java.util.LinkedHashMap<>();
        for (String zone : lifecycle.zones()) {
            List<String> active = lifecycle.substations(zone);
            if (!active.isEmpty()) {
                zones.put(zone, active); // a zone whose substations are all paused has no schedule: its intervals are MISSED below
            }
            int missed = lifecycle.openThrough(zone, next, length, market.gateLead(), now);
            if (missed > 0) {
                log.warn("zone {}: {} interval(s) recorded as MISSED: the market was not running at their gate closure", zone, missed);
            }
        }
        List<IntervalLifecycle.Interval> due = new ArrayList<>();
        for (IntervalLifecycle.Interval iv : lifecycle.inState(EnumSet.of(IntervalState.OPEN, IntervalState.GATE_CLOSED))) {
            if (now.isBefore(iv.gateClosure())) {
                continue;
            }
            if (!now.isBefore(iv.start())) {
                String reason = "gate closure at " + iv.gateClosure() + " passed while the market was down; the interval started at "
                        + iv.start() + " without a schedule";
                lifecycle.miss(iv.id(), reason);
                outcomes.add(new IntervalOutcome(iv.id(), IntervalState.MISSED, reason, null, 0, 0, List.of(), null));
                continue;
            }
            Instant unwritten = readingsBefore(iv.gateClosure(), iv.start().minus(market.dispatchLead()));
            if (unwritten != null && unwritten.isBefore(iv.gateClosure()) && now.isBefore(iv.start().minus(market.dispatchLead()))) {
                // A second's readings in flight is the ordinary case (debug); a backlog is an outage the bridge is catching up on.
                if (unwritten.isBefore(iv.gateClosure().minusSeconds(5))) {
                    log.info("interval {}: waiting for buffered readings from {} before clearing", iv.id(), unwritten);
                } else {
                    log.debug("interval {}: waiting for the readings in flight from {} before clearing", iv.id(), unwritten);
                }
                continue;
            }
            if (zones.containsKey(iv.zone())) {
                due.add(iv);
            } else {
                // Its substations were paused or removed since the interval opened: no schedule, and the reason.
                String reason = lifecycle.whyNotClearing(iv.zone());
                lifecycle.miss(iv.id(), reason);
                outcomes.add(new IntervalOutcome(iv.id(), IntervalState.MISSED, reason, null, 0, 0, List.of(), null));
            }
        }
        long clearingStart = System.nanoTime();
        outcomes.addAll(clearAll(due, zones));
        Duration clearing = due.isEmpty() ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - clearingStart);
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
                metered.add(metering.meter(zones.getOrDefault(iv.zone(), lifecycle.allSubstations(iv.zone())), iv));
            }
        }
        return new Tick(true, outcomes, dispatched, metered, clearing);
    }

    /**
     * Clears the zones' due intervals, each on its own (in parallel when there are several and cores
     * for them): a zone whose interval fails is FAILED with its reason (the runner wrote it) and its
     * outcome says so; it holds back no other zone.
     */
    private List<IntervalOutcome> clearAll(List<IntervalLifecycle.Interval> due, java.util.Map<String, List<String>> zones) {
        List<IntervalOutcome> out = new ArrayList<>();
        if (due.size() <= 1 || CLEARERS == 1) {
            due.forEach(iv -> out.add(clear(iv, zones.get(iv.zone()))));
            return out;
        }
        List<java.util.concurrent.Future<IntervalOutcome>> running = new ArrayList<>();
        due.forEach(iv -> running.add(clearers.submit(() -> clear(iv, zones.get(iv.zone())))));
        for (var f : running) {
            try {
                out.add(f.get());
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the zones were cleared", e);
            }
        }
        return out;
    }

    /** One zone's interval: its outcome, FAILED with the reason the runner wrote when it could not be cleared. */
    private IntervalOutcome clear(IntervalLifecycle.Interval iv, List<String> substations) {
        try {
            return runner.run(substations, iv);
        } catch (IntervalFailedException e) {
            log.warn("zone {}: interval {} FAILED: {}", iv.zone(), iv.id(), e.getMessage());
            return new IntervalOutcome(iv.id(), IntervalState.FAILED, lifecycle.failureReason(iv.id()), null, 0, 0, List.of(), null);
        } catch (org.springframework.dao.DataAccessException e) {
            // The database did not answer (no connection in time): the interval was not touched, or is GATE_CLOSED and cleared
            // again next tick; the other zones go on.
            log.warn("zone {}: interval {} not cleared this tick, tried again at the next: {}", iv.zone(), iv.id(), e.getMessage());
            return new IntervalOutcome(iv.id(), iv.state(), "not cleared this tick (tried again at the next): " + e.getMessage(), null, 0, 0,
                    List.of(), null);
        }
    }

    /** Zones cleared at once: one per core, the other core(s) left to the bridge and the views. */
    private static final int CLEARERS = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);

    private final java.util.concurrent.ExecutorService clearers = java.util.concurrent.Executors.newFixedThreadPool(CLEARERS,
            Thread.ofPlatform().name("zone-clearer-", 0).daemon(true).factory());

    @jakarta.annotation.PreDestroy
    void stopClearers() {
        clearers.shutdownNow();
    }

    /** How long a tick waits for the readings in flight (the bridge writes a batch every 200 ms) before it defers to the next tick. */
    static final Duration IN_FLIGHT = Duration.ofMillis(300);

    /**
     * The source time of the oldest reading from before {@code gate} the bridge still holds, after
     * waiting up to {@link #IN_FLIGHT} for the ordinary batch in flight (never past {@code dispatchBy},
     * half of what is left before it at most: the schedule must reach the batteries); null when all are written.
     */
    private Instant readingsBefore(Instant gate, Instant dispatchBy) {
        long left = Math.max(0, Duration.between(Instant.now(), dispatchBy).toMillis() / 2);
        long until = System.nanoTime() + Math.min(IN_FLIGHT.toMillis(), left) * 1_000_000L;
        while (true) {
            Instant oldest = bridge.oldestUnwritten().orElse(null);
            if (oldest == null || !oldest.isBefore(gate)) {
                return null;
            }
            if (System.nanoTime() > until) {
                return oldest;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return oldest;
            }
        }
    }
}
