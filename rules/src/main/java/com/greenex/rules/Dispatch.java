package com.greenex.rules;

import com.greenex.market.Side;

import com.greenex.market.Battery;
import java.math.BigDecimal;

/**
 * Where one participant's surplus or deficit went in one interval: market, own battery, grid.
 *
 * @param battery the participant's battery at gate closure with its limits (the engine's own type, so
 *                that the engine and the rules judge its room alike, to the last energy unit), or null
 */
public record Dispatch(String intervalId, String participantId, Side side, BigDecimal energyKwh, BigDecimal marketKwh,
                       BigDecimal batteryKwh, BigDecimal gridKwh, Battery battery) {

    public boolean hasBattery() {
        return battery != null;
    }

    /** market + battery + grid. */
    public BigDecimal accountedKwh() {
        return marketKwh.add(batteryKwh).add(gridKwh);
    }

    /**
     * What the battery could still have taken (seller) or given (buyer) after this dispatch, in kWh,
     * within its SOC limits, power limits and efficiency, in the market's energy unit; zero without a battery.
     */
    public BigDecimal batteryLeftKwh() {
        if (!hasBattery()) {
            return BigDecimal.ZERO;
        }
        BigDecimal left = battery.availableKwh(side).subtract(batteryKwh).max(BigDecimal.ZERO).stripTrailingZeros();
        return left.scale() < 0 ? left.setScale(0) : left;
    }

    /** SOC after the dispatch; null without a battery. */
    public BigDecimal socAfterPercent() {
        return hasBattery() ? battery.socAfter(side, batteryKwh) : null;
    }

    public BigDecimal socMinPercent() {
        return hasBattery() ? battery.socMinPercent() : null;
    }

    public BigDecimal socMaxPercent() {
        return hasBattery() ? battery.socMaxPercent() : null;
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

    /**
     * Charged no higher than the SOC ceiling, discharged no lower than the floor (a battery that stood
     * outside its limits may move back towards them, never further out).
     */
    public boolean socAfterWithinLimits() {
        if (!hasBattery() || batteryKwh.signum() == 0) {
            return true;
        }
        BigDecimal after = socAfterPercent();
        return side == Side.SELL ? after.compareTo(battery.socMaxPercent()) <= 0 : after.compareTo(battery.socMinPercent()) >= 0;
    }

    public String subject() {
        return participantId + "@" + intervalId;
    }
}
