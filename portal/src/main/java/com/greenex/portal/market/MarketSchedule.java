package com.greenex.portal.market;

import com.greenex.settlement.SettlementWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The market's heartbeat: every second, clear what is due (once across instances), then send the
 * settlement outbox to the chain. The interval length is {@code greenex.market.interval-length}
 * (15 minutes; the demo setting makes it 10 seconds so that intervals clear within a minute).
 */
@Component
@EnableScheduling
@ConditionalOnProperty(name = "greenex.market.schedule.enabled", havingValue = "true", matchIfMissing = true)
public class MarketSchedule {

    private static final Logger log = LoggerFactory.getLogger(MarketSchedule.class);

    private final IntervalScheduler scheduler;
    private final SettlementWorker worker;
    private final IntervalStatus status;
    private final Clock clock;
    private final Duration length;
    private final List<String> substations;
    private long lastLogged;

    public MarketSchedule(IntervalScheduler scheduler, SettlementWorker worker, IntervalStatus status, Clock clock,
                          @org.springframework.beans.factory.annotation.Value("${greenex.market.interval-length:PT15M}") Duration length,
                          @org.springframework.beans.factory.annotation.Value("${greenex.scada.substation:SS-01}") String substation) {
        this.scheduler = scheduler;
        this.worker = worker;
        this.status = status;
        this.clock = clock;
        this.length = length;
        this.substations = List.of(substation);
    }

    @Scheduled(fixedDelay = 1000, initialDelay = 2000)
    public void tick() {
        try {
            IntervalScheduler.Tick t = scheduler.runDue(clock.instant(), length, substations);
            for (IntervalOutcome o : t.outcomes()) {
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
        } catch (Exception e) {
            log.warn("market tick: {}", e.getMessage());
        }
    }
}
