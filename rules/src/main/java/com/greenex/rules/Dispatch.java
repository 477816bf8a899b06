package com.greenex.rules;

import com.greenex.market.Side;

import java.math.BigDecimal;

/**
 * Where one participant's surplus or deficit went in one interval: market, own battery, grid.
 *
 * @param capacityKwh    battery capacity, or null without a battery
 * @param socBeforePercent SOC at the start of the interval (null without a battery)
 * @param socMinPercent  lowest SOC the battery may be discharged to
 * @param socMaxPercent  highest SOC it may be charged to
 */
public record Dispatch(String intervalId, String participantId, Side side, BigDecimal energyKwh, BigDecimal marketKwh,
                       BigDecimal batteryKwh, BigDecimal gridKwh, BigDecimal capacityKwh, BigDecimal socBeforePercent,
                       BigDecimal socMinPercent, BigDecimal socMaxPercent) {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public boolean hasBattery() {
        return capacityKwh != null;
    }

    /** market + battery + grid. */
    public BigDecimal accountedKwh() {
        return marketKwh.add(batteryKwh).add(gridKwh);
    }

    /**
     * What the battery could still have taken (seller) or given (buyer) after this dispatch, in kWh,
     * within its SOC limits; zero without a battery.
     */
    public BigDecimal batteryLeftKwh() {
        if (!hasBattery()) {
            return BigDecimal.ZERO;
        }
        BigDecimal headroomPercent = side == Side.SELL ? socMaxPercent.subtract(socBeforePercent) : socBeforePercent.subtract(socMinPercent);
        BigDecimal possible = capacityKwh.multiply(headroomPercent).divide(HUNDRED);
        return possible.subtract(batteryKwh).max(BigDecimal.ZERO);
    }

    /** SOC after the dispatch, exact to the division (10 decimals); null without a battery. */
    public BigDecimal socAfterPercent() {
        if (!hasBattery()) {
            return null;
        }
        BigDecimal delta = batteryKwh.multiply(HUNDRED).divide(capacityKwh, 10, java.math.RoundingMode.HALF_EVEN);
        return side == Side.SELL ? socBeforePercent.add(delta) : socBeforePercent.subtract(delta);
    }

    public boolean accountsForAllEnergy() {
        return accountedKwh().compareTo(energyKwh) == 0;
    }

    public boolean anyNegative() {
        return marketKwh.signum() < 0 || batteryKwh.signum() < 0 || gridKwh.signum() < 0;
    }

    public boolean usesGrid() {
        return gridKwh.signum() > 0;
    }

    public boolean socAfterWithinLimits() {
        BigDecimal after = socAfterPercent();
        return after == null || (after.compareTo(socMinPercent) >= 0 && after.compareTo(socMaxPercent) <= 0);
    }

    public String subject() {
        return participantId + "@" + intervalId;
    }
}
