package com.greenex.portal.market;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * The market's own Micrometer meters (at {@code /actuator/metrics}): {@code greenex.intervals.cleared}
 * (by state), {@code greenex.clearing.time} and {@code greenex.clearing.stage} (by stage: positions,
 * rules, engine, persist). The bridge and settlement register theirs.
 */
@Component
class MarketMetrics {

    private final MeterRegistry registry;
    private final Timer clearingTime;

    MarketMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.clearingTime = Timer.builder("greenex.clearing.time").description("from reading positions to the committed results of one interval")
                .publishPercentileHistogram(false).register(registry);
    }

    /** Counts an interval this instance cleared (the scheduler also reports intervals cleared before). */
    void cleared(IntervalOutcome o) {
        if (o.clearingTime() == null) {
            return;
        }
        Counter.builder("greenex.intervals.cleared").description("intervals the market finished, by status").tag("status", o.state().name())
                .register(registry).increment();
        clearingTime.record(o.clearingTime());
        o.stages().forEach((stage, d) -> Timer.builder("greenex.clearing.stage").description("where one interval's clearing time goes")
                .tag("stage", stage).register(registry).record(d));
    }
}
