package com.greenex.market;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * A participant's own battery as it stands at gate closure, with what it can do in the interval
 * (market-model.md, "Battery limits"): the paper's ideal battery is {@link #Battery(BigDecimal, BigDecimal)}
 * (0-100 %, no power limit, no loss).
 *
 * @param capacityKwh         usable capacity, greater than 0
 * @param socPercent          state of charge, 0 to 100
 * @param socMinPercent       lowest SOC it may be discharged to (0 to socMax)
 * @param socMaxPercent       highest SOC it may be charged to (socMin to 100)
 * @param maxChargeKwh        most energy it can take in the interval (its charge power × the interval's
 *                            length), or {@code null} without a power limit
 * @param maxDischargeKwh     most energy it can give in the interval, or {@code null} without a limit
 * @param roundTripEfficiency share of the energy charged that can be given back, in (0, 1]; applied
 *                            when charging (a kWh taken from the surplus stores η kWh)
 */
public record Battery(BigDecimal capacityKwh, BigDecimal socPercent, BigDecimal socMinPercent, BigDecimal socMaxPercent,
                      BigDecimal maxChargeKwh, BigDecimal maxDischargeKwh, BigDecimal roundTripEfficiency) {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    /** SOC after a dispatch is kept to this many decimals of a percent. */
    public static final int SOC_DECIMALS = 6;

    /** The paper's battery: the whole capacity usable, no power limit, no loss. */
    public Battery(BigDecimal capacityKwh, BigDecimal socPercent) {
        this(capacityKwh, socPercent, BigDecimal.ZERO, HUNDRED, null, null, BigDecimal.ONE);
    }

    public Battery {
        Objects.requireNonNull(capacityKwh, "capacityKwh");
        Objects.requireNonNull(socPercent, "socPercent");
        Objects.requireNonNull(socMinPercent, "socMinPercent");
        Objects.requireNonNull(socMaxPercent, "socMaxPercent");
        Objects.requireNonNull(roundTripEfficiency, "roundTripEfficiency");
    }

    /** Checks the values; the participant id makes the message say whose battery is wrong. */
    void validate(String participantId) {
        if (capacityKwh.signum() <= 0) {
            throw new InvalidIntervalException(participantId, "battery.capacityKwh", capacityKwh.toPlainString() + " must be greater than 0");
        }
        if (socPercent.signum() < 0 || socPercent.compareTo(HUNDRED) > 0) {
            throw new InvalidIntervalException(participantId, "battery.socPercent", socPercent.toPlainString() + " is outside 0-100");
        }
        if (socMinPercent.signum() < 0 || socMaxPercent.compareTo(HUNDRED) > 0 || socMinPercent.compareTo(socMaxPercent) > 0) {
            throw new InvalidIntervalException(participantId, "battery.socMinPercent", "the SOC limits [" + socMinPercent.toPlainString() + ", "
                    + socMaxPercent.toPlainString() + "] must lie within 0-100 with the floor not above the ceiling");
        }
        for (BigDecimal limit : new BigDecimal[] {socMinPercent, socMaxPercent}) {
            if (limit.stripTrailingZeros().scale() > SOC_DECIMALS) {
                throw new InvalidIntervalException(participantId, "battery.socMaxPercent", limit.toPlainString() + " has more than "
                        + SOC_DECIMALS + " decimal places");
            }
        }
        if (maxChargeKwh != null && maxChargeKwh.signum() < 0) {
            throw new InvalidIntervalException(participantId, "battery.maxChargeKwh", maxChargeKwh.toPlainString() + " must not be negative");
        }
        if (maxDischargeKwh != null && maxDischargeKwh.signum() < 0) {
            throw new InvalidIntervalException(participantId, "battery.maxDischargeKwh", maxDischargeKwh.toPlainString() + " must not be negative");
        }
        if (roundTripEfficiency.signum() <= 0 || roundTripEfficiency.compareTo(BigDecimal.ONE) > 0) {
            throw new InvalidIntervalException(participantId, "battery.roundTripEfficiency", roundTripEfficiency.toPlainString()
                    + " must be in (0, 1]");
        }
    }

    /**
     * The most energy the battery can take from the surplus in this interval, kWh, floored to the
     * market's energy unit ({@link Participant#MAX_DECIMALS} decimals): up to its SOC ceiling (through
     * its efficiency) and its charge limit. The engine dispatches with it and the rules check with it.
     */
    public BigDecimal chargeableKwh() {
        BigDecimal room = socMaxPercent.subtract(socPercent).max(BigDecimal.ZERO).multiply(capacityKwh).movePointLeft(2);
        BigDecimal fromSurplus = room.divide(roundTripEfficiency, Participant.MAX_DECIMALS, RoundingMode.FLOOR);
        return floorToUnit(maxChargeKwh == null ? fromSurplus : fromSurplus.min(maxChargeKwh));
    }

    /** The most energy the battery can give to the deficit in this interval, kWh, floored to the energy unit. */
    public BigDecimal dischargeableKwh() {
        BigDecimal stored = socPercent.subtract(socMinPercent).max(BigDecimal.ZERO).multiply(capacityKwh).movePointLeft(2);
        return floorToUnit(maxDischargeKwh == null ? stored : stored.min(maxDischargeKwh));
    }

    /** What the battery can do for a participant on this side: take (seller) or give (buyer). */
    public BigDecimal availableKwh(Side side) {
        return side == Side.SELL ? chargeableKwh() : dischargeableKwh();
    }

    /** SOC after charging (seller) or discharging (buyer) {@code kwh}, to {@value #SOC_DECIMALS} decimals. */
    public BigDecimal socAfter(Side side, BigDecimal kwh) {
        if (kwh.signum() == 0) {
            return socPercent;
        }
        BigDecimal stored = side == Side.SELL ? kwh.multiply(roundTripEfficiency) : kwh;
        BigDecimal delta = stored.multiply(HUNDRED).divide(capacityKwh, SOC_DECIMALS, RoundingMode.HALF_EVEN);
        return side == Side.SELL ? socPercent.add(delta) : socPercent.subtract(delta);
    }

    /** The paper's ideal battery: no floor or ceiling inside 0-100, no power limit, no loss. */
    public boolean ideal() {
        return socMinPercent.signum() == 0 && socMaxPercent.compareTo(HUNDRED) == 0 && maxChargeKwh == null && maxDischargeKwh == null
                && roundTripEfficiency.compareTo(BigDecimal.ONE) == 0;
    }

    private static BigDecimal floorToUnit(BigDecimal kwh) {
        return kwh.setScale(Participant.MAX_DECIMALS, RoundingMode.FLOOR);
    }
}
