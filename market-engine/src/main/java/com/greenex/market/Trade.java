package com.greenex.market;

import java.math.BigDecimal;

/**
 * Energy from one seller to one buyer in one cleared interval, at the uniform clearing price.
 *
 * @param seq       0-based, the trade's place in the interval (the settlement and Merkle order)
 * @param amount    clearing price times energy, exact
 */
public record Trade(int seq, String sellerId, String buyerId, BigDecimal energyKwh, BigDecimal price, BigDecimal amount) {
}
