package com.greenex.portal.market;

import com.greenex.portal.settings.Settings;
import com.greenex.settlement.SettlementWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The market's heartbeat: every second, clear what is due (once across instances) unless the market
 * is paused, send the settlement outbox to the chain, move intervals to SETTLED, and issue the green
 * certificates that confirmed trades have earned. The interval length is
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
    private final SettlementWorker worker;
    private final IntervalStatus status;
    private final Clock clock;
    private final Settings settings;
    private final MarketMetrics metrics;
    private final CertificateIssuer certificates;
    private final Duration length;
    private final List<String> substations;
    private long lastLogged;
    private volatile Instant lastTick;
    private volatile boolean leader;
    private volatile boolean paused;
    private volatile String lastError;

    public MarketSchedule(IntervalScheduler scheduler, SettlementWorker worker, IntervalStatus status, Clock clock, Settings settings,
                          MarketMetrics metrics, CertificateIssuer certificates,
                          @Value("${greenex.market.interval-length:PT15M}") Duration length,
                          @Value("${greenex.scada.substation:SS-01}") String substation) {
        this.scheduler = scheduler;
        this.worker = worker;
        this.status = status;
        this.clock = clock;
        this.settings = settings;
        this.metrics = metrics;
        this.certificates = certificates;
        this.length = length;
        this.substations = List.of(substation);
    }

    @Scheduled(fixedDelay = 1000, initialDelay = 2000)
    public void tick() {
        try {
            paused = settings.marketPaused();
            IntervalScheduler.Tick t = paused ? new IntervalScheduler.Tick(false, List.of())
                    : scheduler.runDue(clock.instant(), length, substations);
            leader = t.leader();
            for (IntervalOutcome o : t.outcomes()) {
                metrics.cleared(o);
                if (o.intervalId() > lastLogged) {
                    lastLogged = o.intervalId();
                    log.info("interval {}: {}{}, {} trades, {} settlement batch(es){}", o.intervalId(), o.status(),
                            o.clearingPrice() == null ? "" : " at " + o.clearingPrice().toPlainString(), o.trades(), o.settlementBatches(),
                            o.failureReason() == null ? "" : ": " + o.failureReason());
                }
            }
            SettlementWorker.Round r = worker.runOnce();
            status.advance();
            if (r.sent() + r.recovered() + r.failed() > 0) {
                log.info("settlement: sent {}, confirmed {}, recovered {}, failed {}", r.sent(), r.confirmed(), r.recovered(), r.failed());
            }
            List<Long> issued = certificates.issueDue();
            if (!issued.isEmpty()) {
                log.info("green certificates issued: {}", issued);
            }
            lastError = null;
        } catch (Exception e) {
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
