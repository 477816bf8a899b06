package com.greenex.rules;

import java.math.BigDecimal;

/** From configuration: the largest capacity admitted at one voltage level. */
public record VoltageLevelLimit(String voltageLevel, BigDecimal maxCapacityKw) {

    public VoltageLevelLimit {
        if (voltageLevel == null || voltageLevel.isBlank()) {
            throw new IllegalArgumentException("voltage level limit without a voltage level");
        }
        if (maxCapacityKw == null || maxCapacityKw.signum() <= 0) {
            throw new IllegalArgumentException("voltage level " + voltageLevel + ": maxCapacityKw must be greater than 0, got " + maxCapacityKw);
        }
    }
}
