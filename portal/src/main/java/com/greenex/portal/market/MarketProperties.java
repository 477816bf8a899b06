package com.greenex.portal.market;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * {@code greenex.market.*}: the interval length (15 minutes; the demo setting makes it 10 seconds),
 * the grid's prices and the quote tick (the paper's values by default), and how many trades one
 * settlement transaction carries.
 */
@ConfigurationProperties("greenex.market")
public record MarketProperties(@DefaultValue("PT15M") Duration intervalLength, @DefaultValue("0.40") BigDecimal gridFeedInPrice,
                               @DefaultValue("1.10") BigDecimal gridRetailPrice, @DefaultValue("0.01") BigDecimal priceTick,
                               @DefaultValue("2000") int settlementBatchSize) {

    public MarketProperties {
        if (intervalLength.isZero() || intervalLength.isNegative() || intervalLength.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("greenex.market.interval-length must be a positive whole number of seconds, got " + intervalLength);
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
