package com.greenex.rules;

import java.time.Duration;

/** From configuration: how long a meter may be silent, or report bad data, before its participant is delisted. */
public record DelistingPolicy(Duration maxSilence, Duration maxBadData) {

    public DelistingPolicy {
        if (maxSilence == null || !maxSilence.isPositive() || maxBadData == null || !maxBadData.isPositive()) {
            throw new IllegalArgumentException("delisting limits must be positive durations, got " + maxSilence + " and " + maxBadData);
        }
    }
}
