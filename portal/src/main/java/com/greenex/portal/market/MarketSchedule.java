package com.greenex.portal.market;

import com.greenex.portal.scada.ScadaProperties;
import com.greenex.portal.trades.ChainWatch;
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
 * The market's heartbeat: every second, on the leading instance only ({@link Leadership}), move the
 * intervals along their life unless the market is paused: open the next, clear at gate closure and
 * write the setpoints, deliver, meter; watch the chain ({@link ChainWatch}); send the settlement
 * outbox to the chain, move metered intervals whose trades are confirmed to SETTLED, and issue the
 * green certificates that delivered trades have earned (one operator key, one nonce, one accrual).
 * The interval length is {@code greenex.market.interval-length} (15 minutes; the demo setting makes
 * it 10 seconds).
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
    private final Leadership leadership;
    private final ChainWatch chainWatch;
    private final com.greenex.portal.trades.AuditAnchoring anchoring;
    private final Settlement settlement;
    private final com.greenex.portal.certificates.Certificates certificates;
    private final IntervalLifecycle lifecycle;
    private final Clock clock;
    private final MarketPause pause;
    private final MarketMetrics metrics;
    private final Duration length;
    private volatile Instant lastTick;
    private volatile boolean leader;
    private volatile boolean paused;
    private volatile String lastError;
    private Duration settlementBackoff = Duration.ZERO;
    private Instant settleAgainAt = Instant.MIN;

    MarketSchedule(IntervalScheduler scheduler, Leadership leadership, ChainWatch chainWatch, com.greenex.portal.trades.AuditAnchoring anchoring,
                   Settlement settlement, com.greenex.portal.certificates.Certificates certificates, IntervalLifecycle lifecycle, Clock clock, MarketPause pause,
                   MarketMetrics metrics, MarketProperties market, ScadaProperties scada) {
        this.scheduler = scheduler;
        this.leadership = leadership;
        this.chainWatch = chainWatch;
        this.anchoring = anchoring;
        this.settlement = settlement;
        this.certificates = certificates;
        this.lifecycle = lifecycle;
        this.clock = clock;
        this.pause = pause;
        this.metrics = metrics;
        this.length = market.intervalLength();
    }

    @Scheduled(fixedDelay = 1000, initialDelay = 2000)
    public void tick() {
        try {
            leader = leadership.lead();
            if (!leader) {
                lastError = null;
                return; // another instance leads: it schedules, settles and issues
            }
            paused = pause.paused();
            IntervalScheduler.Tick t = paused ? IntervalScheduler.Tick.standby() : scheduler.runDue(clock.instant());
            for (IntervalOutcome o : t.outcomes()) {
                metrics.cleared(o);
                // Each outcome once (an interval is cleared or missed once); zones' outcomes come in any order of ids.
                log.info("zone {} interval {}: {}{}, {} trades, {} settlement batch(es){}", zone(o.intervalId()), o.intervalId(), o.state(),
                        o.clearingPrice() == null ? "" : " at " + o.clearingPrice().toPlainString(), o.trades(), o.settlementBatches(),
                        o.failureReason() == null ? "" : ": " + o.failureReason());
            }
            for (BatteryDispatcher.Dispatched d : t.dispatched()) {
                log.info("zone {} interval {}: setpoints {}", zone(d.intervalId()), d.intervalId(), d.outcomes());
            }
            for (DeliveryMetering.Metered m : t.metered()) {
                log.info("zone {} interval {}: METERED, {} participants, |deviation| {} kWh, batteries followed {} / missed {}, forecast MAE {} kWh",
                        zone(m.intervalId()), m.intervalId(), m.participants(), m.deviationKwh().stripTrailingZeros().toPlainString(), m.batteriesFollowed(),
                        m.batteriesMissed(), m.forecastMaeKwh() == null ? "–" : m.forecastMaeKwh().stripTrailingZeros().toPlainString());
                m.missed().stream().limit(3).forEach(r -> log.info("  {}", r));
            }
            chainWatch.watch();
            lifecycle.followSettlement();
            if (clock.instant().isBefore(settleAgainAt)) {
                return; // the chain refused or was away: backing off
            }
            Settlement.Round r = settlement.sendAndConfirm();
            lifecycle.followSettlement();
            if (r.failed() > 0) {
                settlementBackoff = settlementBackoff.isZero() ? Duration.ofSeconds(1) : min(settlementBackoff.multipliedBy(2), Duration.ofMinutes(1));
                settleAgainAt = clock.instant().plus(settlementBackoff);
                log.warn("settlement: {} batch(es) failed, trying again in {} s: {}", r.failed(), settlementBackoff.toSeconds(), settlement.lastError());
            } else {
                settlementBackoff = Duration.ZERO;
            }
            if (r.sent() + r.recovered() > 0) {
                log.info("settlement: sent {}, confirmed {}, recovered {}", r.sent(), r.confirmed(), r.recovered());
            }
            List<Long> issued = settlement.issueCertificates();
            if (!issued.isEmpty()) {
                log.info("green certificates issued: {}", issued);
            }
            List<Long> expired = certificates.expireDue();
            if (!expired.isEmpty()) {
                log.info("green certificates expired: {}", expired);
            }
            anchoring.anchorIfDue(length).ifPresent(a -> log.debug("audit log anchored at row {}: {}", a.seq(), a.txHash()));
            lastError = null;
        } catch (RuntimeException e) {
            lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            log.warn("market tick: {}", lastError, e);
        } finally {
            lastTick = clock.instant();
        }
    }

    /** The interval's zone, for the log. */
    private String zone(long intervalId) {
        return lifecycle.find(intervalId).map(IntervalLifecycle.Interval::zone).orElse("?");
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    public State state() {
        return new State(lastTick, leader, paused, lastError, length);
    }
}
