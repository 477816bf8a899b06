package com.greenex.rules;

import java.math.BigDecimal;

/** The interval's grid prices and tick: every quote must lie in [feedIn, retail] and on the tick. */
public record PriceGrid(String intervalId, BigDecimal feedInPrice, BigDecimal retailPrice, BigDecimal tick) {

    public boolean onTick(BigDecimal price) {
        return price.subtract(feedInPrice).remainder(tick).signum() == 0;
    }
}
