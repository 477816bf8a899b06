package com.greenex.market;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A participant's own battery as it stands at the start of the interval.
 *
 * @param capacityKwh usable capacity, greater than 0
 * @param socPercent  state of charge, 0 to 100
 */
public record Battery(BigDecimal capacityKwh, BigDecimal socPercent) {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public Battery {
        Objects.requireNonNull(capacityKwh, "capacityKwh");
        Objects.requireNonNull(socPercent, "socPercent");
    }

    /** Checks the values; the participant id makes the message say whose battery is wrong. */
    void validate(String participantId) {
        if (capacityKwh.signum() <= 0) {
            throw new InvalidIntervalException(participantId, "battery.capacityKwh",
                    capacityKwh.toPlainString() + " must be greater than 0");
        }
        if (socPercent.signum() < 0 || socPercent.compareTo(HUNDRED) > 0) {
            throw new InvalidIntervalException(participantId, "battery.socPercent",
                    socPercent.toPlainString() + " is outside 0-100");
        }
    }
}
