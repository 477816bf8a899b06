package com.greenex.portal.market;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One trading interval as a list shows it.
 *
 * @param zone          the market zone it is an interval of (a substation, or several)
 * @param marketType    BUYERS_MARKET, SELLERS_MARKET or BALANCED; null until cleared
 * @param clearingPrice null until cleared, and when nothing traded
 * @param txHashes      the settlement transactions of its batches (0x...), in batch order
 */
public record IntervalSummary(long id, String zone, Instant start, Instant end, IntervalState status, String failureReason, String marketType,
                              BigDecimal clearingPrice, BigDecimal supplyKwh, BigDecimal demandKwh, int trades,
                              List<String> txHashes) {
}
