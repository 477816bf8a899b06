package com.greenex.portal.market;

import com.greenex.portal.scada.ScadaProperties;
import com.greenex.portal.trades.Settlement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The market's heartbeat: every second, move the intervals along their life (once across
 * instances) unless the market is paused: open the next, clear at gate closure and write the
 * setpoints, deliver, meter; send the settlement outbox to the chain, move metered intervals whose
 * trades are confirmed to SETTLED, and issue the green certificates that delivered trades have earned. The interval length is
 * {@code greenex.market.interval-length} (15 minutes; the demo setting makes it 10 seconds).
 */
@Component
@EnableScheduling
@ConditionalOnProperty(name = "greenex.market.schedule.enabled", havingValue = "true", matchIfMissing = true)
public class MarketSchedule {

    private static final Logger log = LoggerFactory.getLogger(MarketSchedule.class);

    /** The scheduler as the status page shows it. */
    public record State(Instant lastTick, boolean leader, boolean paused, String lastError, Duration intervalLength) {
    }

    private final IntervalScheduler scheduler;
    private final Settlement settlement;
    private final IntervalLifecycle lifecycle;
    private final Clock clock;
    private final MarketPause pause;
    private final MarketMetrics metrics;
    private final Duration length;
    private final List<String> substations;
    private long lastLogged;
    private volatile Instant lastTick;
    private volatile boolean leader;
    private volatile boolean paused;
    private volatile String lastError;

    MarketSchedule(IntervalScheduler scheduler, Settlement settlement, IntervalLifecycle lifecycle, Clock clock, MarketPause pause,
                   MarketMetrics metrics, MarketProperties market, ScadaProperties scada) {
        this.scheduler = scheduler;
        this.settlement = settlement;
        this.lifecycle = lifecycle;
        this.clock = clock;
        this.pause = pause;
        this.metrics = metrics;
        this.length = market.intervalLength();
        this.substations = List.of(scada.substation());
    }

    @Scheduled(fixedDelay = 1000, initialDelay = 2000)
    public void tick() {
        try {
            paused = pause.paused();
            IntervalScheduler.Tick t = paused ? IntervalScheduler.Tick.standby() : scheduler.runDue(clock.instant(), substations);
            leader = t.leader();
            for (IntervalOutcome o : t.outcomes()) {
                metrics.cleared(o);
                if (o.intervalId() > lastLogged) {
                    lastLogged = o.intervalId();
                    log.info("interval {}: {}{}, {} trades, {} settlement batch(es){}", o.intervalId(), o.state(),
                            o.clearingPrice() == null ? "" : " at " + o.clearingPrice().toPlainString(), o.trades(), o.settlementBatches(),
                            o.failureReason() == null ? "" : ": " + o.failureReason());
                }
            }
            for (BatteryDispatcher.Dispatched d : t.dispatched()) {
                log.info("interval {}: setpoints {}", d.intervalId(), d.outcomes());
            }
            for (DeliveryMetering.Metered m : t.metered()) {
                log.info("interval {}: METERED, {} participants, |deviation| {} kWh, batteries followed {} / missed {}, forecast MAE {} kWh",
                        m.intervalId(), m.participants(), m.deviationKwh().stripTrailingZeros().toPlainString(), m.batteriesFollowed(),
                        m.batteriesMissed(), m.forecastMaeKwh() == null ? "–" : m.forecastMaeKwh().stripTrailingZeros().toPlainString());
                m.missed().stream().limit(3).forEach(r -> log.info("  {}", r));
            }
            Settlement.Round r = settlement.sendAndConfirm();
            lifecycle.followSettlement();
            if (r.sent() + r.recovered() + r.failed() > 0) {
                log.info("settlement: sent {}, confirmed {}, recovered {}, failed {}", r.sent(), r.confirmed(), r.recovered(), r.failed());
            }
            List<Long> issued = settlement.issueCertificates();
            if (!issued.isEmpty()) {
                log.info("green certificates issued: {}", issued);
            }
            lastError = null;
        } catch (RuntimeException e) {
            lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            log.warn("market tick: {}", lastError, e);
        } finally {
            lastTick = clock.instant();
        }
    }

    public State state() {
        return new State(lastTick, leader, paused, lastError, length);
    }
}
