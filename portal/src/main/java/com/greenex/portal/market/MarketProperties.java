package com.greenex.portal.market;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * {@code greenex.market.*}: the interval length (15 minutes; the demo setting makes it 10 seconds),
 * the gate closure's lead before the start (5 minutes), how long before the start the setpoints are
 * written (10 seconds: a battery takes a setpoint when it comes, so it comes just before the interval
 * it is for) and the grace for late readings after the end (1 minute), the grid's prices and the quote tick (the paper's values by default), the imbalance
 * prices a deviation is settled at (unset: a shortfall is bought at the retail price, an excess sold
 * at the feed-in price), how many trades one settlement transaction carries, and the least energy a
 * participant takes to the market in an interval (1 Wh: meter noise makes no trades of 0.0001 kWh).
 */
@ConfigurationProperties("greenex.market")
public record MarketProperties(@DefaultValue("PT15M") Duration intervalLength, @DefaultValue("PT5M") Duration gateLead,
                               @DefaultValue("PT10S") Duration dispatchLead, @DefaultValue("PT1M") Duration meteringGrace, @DefaultValue("0.40") BigDecimal gridFeedInPrice,
                               @DefaultValue("1.10") BigDecimal gridRetailPrice, @DefaultValue("0.01") BigDecimal priceTick,
                               BigDecimal imbalanceShortfallPrice, BigDecimal imbalanceExcessPrice,
                               @DefaultValue("2000") int settlementBatchSize,
                               @DefaultValue("0.001") BigDecimal minTradableKwh) {

    /** The paper's settings with the given interval length, gate lead and grace (for tests and tools). */
    public static MarketProperties of(Duration intervalLength, Duration gateLead, Duration meteringGrace) {
        return new MarketProperties(intervalLength, gateLead, Duration.ZERO, meteringGrace, new BigDecimal("0.40"), new BigDecimal("1.10"), new BigDecimal("0.01"),
                null, null, 2000, new BigDecimal("0.001"));
    }

    public MarketProperties {
        if (intervalLength.isZero() || intervalLength.isNegative() || intervalLength.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("greenex.market.interval-length must be a positive whole number of seconds, got " + intervalLength);
        }
        if (minTradableKwh == null || minTradableKwh.signum() < 0 || minTradableKwh.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("greenex.market.min-tradable-kwh must be between 0 and 1 kWh, got " + minTradableKwh);
        }
        if (imbalanceShortfallPrice == null) {
            imbalanceShortfallPrice = gridRetailPrice;
        }
        if (imbalanceExcessPrice == null) {
            imbalanceExcessPrice = gridFeedInPrice;
        }
        if (gateLead == null || gateLead.isNegative() || gateLead.compareTo(intervalLength) >= 0) {
            throw new IllegalArgumentException("greenex.market.gate-lead must be 0 or more and shorter than the interval ("
                    + intervalLength + "), got " + gateLead);
        }
        if (dispatchLead == null || dispatchLead.isNegative() || dispatchLead.compareTo(gateLead) > 0) {
            throw new IllegalArgumentException("greenex.market.dispatch-lead must be 0 or more and no longer than the gate lead (" + gateLead
                    + "), got " + dispatchLead);
        }
        if (meteringGrace == null || meteringGrace.isNegative()) {
            throw new IllegalArgumentException("greenex.market.metering-grace must be 0 or more, got " + meteringGrace);
        }
        if (imbalanceShortfallPrice.signum() < 0 || imbalanceExcessPrice.signum() < 0) {
            throw new IllegalArgumentException("greenex.market.imbalance-shortfall-price and imbalance-excess-price must not be negative");
        }
        if (gridFeedInPrice.compareTo(gridRetailPrice) >= 0) {
            throw new IllegalArgumentException("greenex.market.grid-feed-in-price (" + gridFeedInPrice.toPlainString()
                    + ") must be below greenex.market.grid-retail-price (" + gridRetailPrice.toPlainString() + ")");
        }
        if (priceTick.signum() <= 0) {
            throw new IllegalArgumentException("greenex.market.price-tick must be positive, got " + priceTick.toPlainString());
        }
        if (settlementBatchSize < 1) {
            throw new IllegalArgumentException("greenex.market.settlement-batch-size must be 1 or more, got " + settlementBatchSize);
        }
    }
}
