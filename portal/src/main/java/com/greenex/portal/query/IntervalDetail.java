package com.greenex.portal.query;

import java.math.BigDecimal;
import java.util.List;

/**
 * The engine's result for one interval, as far as the viewer may see it (a participant: its own
 * rows only; the market-wide figures are public).
 */
public record IntervalDetail(IntervalSummary interval, Result result, List<ParticipantResult> participants, List<TradeRow> trades,
                             List<GridExchange> gridExchanges, List<BatteryDispatch> batteryDispatch) {

    /** Null fields until the interval is cleared. */
    public record Result(String method, int rounds, String equilibrium, BigDecimal gridFeedInPrice, BigDecimal gridRetailPrice,
                         BigDecimal priceTick) {
    }

    public record ParticipantResult(String participantId, String role, BigDecimal positionKwh, BigDecimal reservationPrice,
                                    BigDecimal finalQuote, Integer rank, BigDecimal marketKwh, BigDecimal marketAmount) {
    }

    public record GridExchange(String participantId, String direction, BigDecimal energyKwh, BigDecimal price, BigDecimal amount) {
    }

    public record BatteryDispatch(String batteryId, String participantId, String direction, BigDecimal energyKwh,
                                  BigDecimal socBeforePercent, BigDecimal socAfterPercent) {
    }
}
