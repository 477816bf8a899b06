package com.greenex.portal.market;

import com.greenex.portal.scada.ScadaBridge;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.beans.factory.ObjectProvider;
import com.greenex.portal.query.DashboardQueries;
import org.springframework.stereotype.Component;

/**
 * The market's Micrometer meters (at {@code /actuator/metrics}):
 * {@code greenex.intervals.cleared} (by status), {@code greenex.clearing.time},
 * {@code greenex.readings.ingested} (rows the bridge stored), {@code greenex.settlement.lag}
 * (seconds since the end of the oldest interval whose trades are not all confirmed on chain; 0 when none).
 */
@Component
public class MarketMetrics {

    private final MeterRegistry registry;
    private final Timer clearingTime;
    /** Held here: Micrometer keeps only a weak reference to a function counter's object. */
    private final ObjectProvider<ScadaBridge> bridge;

    public MarketMetrics(MeterRegistry registry, DashboardQueries queries, ObjectProvider<ScadaBridge> bridge) {
        this.registry = registry;
        this.bridge = bridge;
        this.clearingTime = Timer.builder("greenex.clearing.time").description("from reading positions to the committed results of one interval")
                .publishPercentileHistogram(false).register(registry);
        FunctionCounter.builder("greenex.readings.ingested", bridge, b -> {
                    ScadaBridge sb = b.getIfAvailable();
                    return sb == null || sb.pipeline() == null ? 0 : sb.pipeline().written();
                })
                .description("readings the SCADA bridge stored").baseUnit("readings").register(registry);
        Gauge.builder("greenex.settlement.lag", queries, DashboardQueries::settlementLagSeconds)
                .description("seconds since the end of the oldest interval not yet confirmed on chain").baseUnit("seconds").register(registry);
    }

    /** Counts an interval this instance cleared (the scheduler also reports intervals cleared before). */
    void cleared(IntervalOutcome o) {
        if (o.clearingTime() == null) {
            return;
        }
        Counter.builder("greenex.intervals.cleared").description("intervals the market finished, by status").tag("status", o.status())
                .register(registry).increment();
        clearingTime.record(o.clearingTime());
    }
}
