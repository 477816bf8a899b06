package com.greenex.portal.market;

import com.greenex.market.Equilibrium;
import com.greenex.portal.trades.TradeRow;

import java.math.BigDecimal;
import java.util.List;

/**
 * The engine's result for one interval, as far as the viewer may see it (a participant: its own
 * rows only; the market-wide figures are public).
 */
public record IntervalDetail(IntervalSummary interval, Result result, List<ParticipantResult> participants, List<TradeRow> trades,
                             List<GridExchange> gridExchanges, List<BatteryDispatch> batteryDispatch, List<Setpoint> setpoints,
                             List<Delivery> deliveries) {

    /**
     * The engine's result; absent until the interval is cleared.
     *
     * @param equilibrium the verdict as stored and shown to API clients: VERIFIED, NOT_APPLICABLE: … or NOT_REACHED: …
     */
    public record Result(String method, int rounds, String equilibrium, BigDecimal gridFeedInPrice, BigDecimal gridRetailPrice,
                         BigDecimal priceTick) {

        /** The verdict as a type. */
        public Equilibrium verdict() {
            return Equilibrium.parse(equilibrium);
        }
    }

    public record ParticipantResult(String participantId, String role, BigDecimal positionKwh, BigDecimal reservationPrice,
                                    BigDecimal finalQuote, Integer rank, BigDecimal marketKwh, BigDecimal marketAmount) {
    }

    public record GridExchange(String participantId, String direction, BigDecimal energyKwh, BigDecimal price, BigDecimal amount) {
    }

    public record BatteryDispatch(String batteryId, String participantId, String direction, BigDecimal energyKwh,
                                  BigDecimal socBeforePercent, BigDecimal socAfterPercent) {
    }

    /** A battery's setpoint as written over OPC UA (kW, positive charges): WRITTEN, REFUSED, NO_SETPOINT_POINT, NOT_CONNECTED or TOO_LATE. */
    public record Setpoint(String batteryId, String participantId, BigDecimal setpointKw, String outcome, String detail, BigDecimal readBackKw) {
    }

    /** What the meters confirmed: the schedule at the meter and the metered net (export +), the deviation and its settlement. */
    public record Delivery(String participantId, BigDecimal scheduledKwh, BigDecimal meteredKwh, BigDecimal deviationKwh, BigDecimal price,
                           BigDecimal amount, Boolean batteryFollowed) {
    }
}
