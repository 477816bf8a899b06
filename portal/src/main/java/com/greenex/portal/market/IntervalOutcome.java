package com.greenex.portal.market;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * How running one interval ended.
 *
 * @param skipped      participants left out of the market, each with why
 * @param clearingTime from reading the positions to the commit of the results; null when this run did not clear it
 */
public record IntervalOutcome(long intervalId, IntervalState state, String failureReason, BigDecimal clearingPrice, int trades,
                              int settlementBatches, List<String> skipped, Duration clearingTime) {

    IntervalOutcome withClearingTime(Duration d) {
        return new IntervalOutcome(intervalId, state, failureReason, clearingPrice, trades, settlementBatches, skipped, d);
    }
}
