package com.greenex.market;

import java.math.BigDecimal;

/**
 * What one participant did in a cleared interval. Energy in kWh and money in the grid prices' unit,
 * all exact.
 *
 * @param reservationPrice its reservation price ({@code r_n})
 * @param quote            its final quote; {@code null} on the short side, which does not bid
 * @param rank             1-based place in the final merit order of the competing side; 0 on the short side
 * @param marketKwh        sold (seller) or bought (buyer) in the market
 * @param batteryKwh       charged (seller) or discharged (buyer) after the market
 * @param gridKwh          sold to (seller) or bought from (buyer) the grid, last
 * @param socPercentAfter  battery SOC after the interval, {@code null} without a battery; rounded to 10^-6 %
 * @param marketAmount     clearing price times marketKwh, exact
 * @param gridAmount       feed-in price (seller) or retail price (buyer) times gridKwh, exact
 */
public record ParticipantResult(String id, Side side, BigDecimal reservationPrice, BigDecimal quote, int rank,
                                BigDecimal marketKwh, BigDecimal batteryKwh, BigDecimal gridKwh,
                                BigDecimal socPercentAfter, BigDecimal marketAmount, BigDecimal gridAmount) {
}
