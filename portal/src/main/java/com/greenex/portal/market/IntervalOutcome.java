package com.greenex.portal.market;

import java.math.BigDecimal;
import java.util.List;

/**
 * How running one interval ended.
 *
 * @param clearingTime from reading the positions to the commit of the results; null when this run did not clear it
 */
public record IntervalOutcome(long intervalId, String status, String failureReason, BigDecimal clearingPrice, int trades,
                              int settlementBatches, List<String> skipped, java.time.Duration clearingTime) {

    IntervalOutcome withClearingTime(java.time.Duration d) {
        return new IntervalOutcome(intervalId, status, failureReason, clearingPrice, trades, settlementBatches, skipped, d);
    }
}
