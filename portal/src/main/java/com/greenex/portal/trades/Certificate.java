package com.greenex.portal.trades;

import java.math.BigDecimal;
import java.time.Instant;

/** A green certificate (1 MWh) with where its energy came from. */
public record Certificate(long serial, String ownerId, String issuedToId, String status, Instant issuedAt, Instant retiredAt, String txHash,
                          int sourceTrades, BigDecimal sourceKwh) {
}
