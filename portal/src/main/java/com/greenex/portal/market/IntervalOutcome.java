package com.greenex.portal.market;

import java.math.BigDecimal;
import java.util.List;

/** How running one interval ended. */
public record IntervalOutcome(long intervalId, String status, String failureReason, BigDecimal clearingPrice, int trades,
                              int settlementBatches, List<String> skipped) {
}
