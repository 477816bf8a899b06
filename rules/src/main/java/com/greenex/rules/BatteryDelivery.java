package com.greenex.rules;

import java.math.BigDecimal;

/**
 * What a battery did in a delivered interval against its schedule, for delivery.drl: the energy it was
 * scheduled to store (+) or give (-) and what its SOC says it stored or gave, both in kWh.
 *
 * @param toleranceKwh how far the metered energy may lie from the scheduled one and still count as followed
 */
public record BatteryDelivery(String intervalId, String participantId, String batteryId, BigDecimal scheduledKwh, BigDecimal meteredKwh,
                              BigDecimal toleranceKwh) {

    /** Metered minus scheduled. */
    public BigDecimal deviationKwh() {
        return meteredKwh.subtract(scheduledKwh);
    }

    public boolean followed() {
        return deviationKwh().abs().compareTo(toleranceKwh) <= 0;
    }

    public String subject() {
        return participantId + "@" + intervalId;
    }
}
