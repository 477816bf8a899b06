package com.greenex.portal.market;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.math.BigDecimal;

/**
 * {@code greenex.market.*}: the grid's prices and the quote tick (the paper's values by default), and
 * how many trades one settlement transaction carries.
 */
@ConfigurationProperties("greenex.market")
public record MarketProperties(@DefaultValue("0.40") BigDecimal gridFeedInPrice, @DefaultValue("1.10") BigDecimal gridRetailPrice,
                               @DefaultValue("0.01") BigDecimal priceTick, @DefaultValue("2000") int settlementBatchSize) {
}
