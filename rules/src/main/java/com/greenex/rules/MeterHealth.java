package com.greenex.rules;

import java.time.Duration;

/**
 * How an admitted participant's meter has been reporting, measured at the time of the check.
 *
 * @param silentFor   time since the last reading of any quality
 * @param badDataFor  time since the last GOOD reading, while readings kept coming (ZERO when the last one is good)
 */
public record MeterHealth(String participantId, String meterId, Duration silentFor, Duration badDataFor) {

    public MeterHealth {
        if (silentFor == null || silentFor.isNegative() || badDataFor == null || badDataFor.isNegative()) {
            throw new IllegalArgumentException("participant " + participantId + ": meter durations must be given and not negative");
        }
    }
}
