package com.greenex.portal.trades;

import java.math.BigDecimal;

/**
 * A trade with its place on chain.
 *
 * @param settlementState PENDING, SENT, CONFIRMED or FAILED: its batch's state
 * @param txHash          the batch's settlement transaction, null until sent
 * @param blockNumber     the block that holds it, null until mined
 */
public record TradeRow(long id, long intervalId, int seq, String sellerId, String buyerId, BigDecimal energyKwh, BigDecimal price,
                       BigDecimal amount, String settlementState, String txHash, Long blockNumber) {
}
