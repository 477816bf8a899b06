package com.greenex.portal.dashboard;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code greenex.dashboard.*}: when a meter counts as silent (no power reading for {@code silent-after},
 * default 60 s) and when the settlement lag raises an alarm ({@code settlement-lag-alarm}, default 2 min).
 */
@ConfigurationProperties("greenex.dashboard")
public record DashboardProperties(@DefaultValue("PT60S") Duration silentAfter, @DefaultValue("PT2M") Duration settlementLagAlarm) {

    public DashboardProperties {
        if (silentAfter.isNegative() || silentAfter.isZero()) {
            throw new IllegalArgumentException("greenex.dashboard.silent-after must be positive, got " + silentAfter);
        }
        if (settlementLagAlarm.isNegative()) {
            throw new IllegalArgumentException("greenex.dashboard.settlement-lag-alarm must not be negative, got " + settlementLagAlarm);
        }
    }
}
