package com.greenex.rules;

import java.math.BigDecimal;

/** A participant's metered generation and consumption over one interval, before storage (the paper uses storage after the market). */
public record NetPosition(String intervalId, String participantId, BigDecimal generationKwh, BigDecimal consumptionKwh) {

    public NetPosition {
        if (generationKwh == null || generationKwh.signum() < 0 || consumptionKwh == null || consumptionKwh.signum() < 0) {
            throw new IllegalArgumentException("participant " + participantId + " in " + intervalId
                    + ": generation and consumption must be given and not negative");
        }
    }

    public BigDecimal netKwh() {
        return generationKwh.subtract(consumptionKwh);
    }
}
