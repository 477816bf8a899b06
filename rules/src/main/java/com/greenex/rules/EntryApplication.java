package com.greenex.rules;

import java.math.BigDecimal;

/**
 * An application for market entry, as the regulator reviews it (a Drools fact: no Drools types).
 *
 * @param meterId                the registered meter, or null
 * @param smartMeter             whether that meter is a smart meter
 * @param capacityKw             stated capacity, or null when not stated
 * @param voltageLevel           stated voltage level (e.g. "0.4kV"), or null when not stated
 * @param review                 the regulator's review so far
 */
public record EntryApplication(String participantId, String meterId, boolean smartMeter, boolean tradingClientInstalled,
                               BigDecimal capacityKw, String voltageLevel, Review review, String reviewComment) {

    public enum Review {
        PENDING,
        APPROVED,
        REJECTED
    }

    public EntryApplication {
        if (participantId == null || participantId.isBlank()) {
            throw new IllegalArgumentException("participantId missing");
        }
        if (review == null) {
            throw new IllegalArgumentException("participant " + participantId + ": review missing (PENDING, APPROVED or REJECTED)");
        }
    }

    public boolean hasSmartMeter() {
        return meterId != null && smartMeter;
    }

    public boolean capacityStated() {
        return capacityKw != null && capacityKw.signum() > 0;
    }

    public boolean voltageLevelStated() {
        return voltageLevel != null && !voltageLevel.isBlank();
    }
}
