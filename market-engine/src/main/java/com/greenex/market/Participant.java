package com.greenex.market;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * One admitted participant in one interval.
 *
 * @param id               unique within the interval
 * @param side             seller of a surplus or buyer of a deficit
 * @param energyKwh        the surplus (seller) or deficit (buyer), greater than 0, at most
 *                         {@value #MAX_DECIMALS} decimal places (a milliwatt-hour)
 * @param battery          its own battery, or {@code null} when it has none
 * @param reservationPrice a stated reservation price, or {@code null} to derive it from the SOC
 */
public record Participant(String id, Side side, BigDecimal energyKwh, Battery battery, BigDecimal reservationPrice) {

    /** Energy resolution: 10^-6 kWh (1 mWh); finer input is rejected, never rounded. */
    public static final int MAX_DECIMALS = 6;
    /** Largest surplus or deficit of one participant in one interval, 1 GWh. */
    public static final BigDecimal MAX_ENERGY_KWH = BigDecimal.valueOf(1_000_000);

    public Participant {
        if (id == null || id.isBlank()) {
            throw new InvalidIntervalException(null, "participants[].id", "missing or blank");
        }
        if (side == null) {
            throw new InvalidIntervalException(id, "side", "missing (BUY or SELL)");
        }
        if (energyKwh == null) {
            throw new InvalidIntervalException(id, "energyKwh", "missing");
        }
        if (energyKwh.signum() <= 0) {
            throw new InvalidIntervalException(id, "energyKwh", energyKwh.toPlainString()
                    + " must be greater than 0 (a participant with no surplus or deficit does not trade)");
        }
        if (energyKwh.stripTrailingZeros().scale() > MAX_DECIMALS) {
            throw new InvalidIntervalException(id, "energyKwh", energyKwh.toPlainString()
                    + " has more than " + MAX_DECIMALS + " decimal places");
        }
        if (energyKwh.compareTo(MAX_ENERGY_KWH) > 0) {
            throw new InvalidIntervalException(id, "energyKwh", energyKwh.toPlainString()
                    + " exceeds the limit of " + MAX_ENERGY_KWH.toPlainString() + " kWh per interval");
        }
        if (battery != null) {
            battery.validate(id);
        }
    }

    /** A participant without a battery and without a stated reservation price. */
    public static Participant of(String id, Side side, BigDecimal energyKwh) {
        return new Participant(id, side, energyKwh, null, null);
    }

    public Optional<BigDecimal> statedReservationPrice() {
        return Optional.ofNullable(reservationPrice);
    }
}
