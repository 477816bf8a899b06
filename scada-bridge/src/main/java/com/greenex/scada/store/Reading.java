package com.greenex.scada.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One value as the bridge received it from OPC UA: the source and server timestamps and the status
 * code are kept as they came (OPC UA Part 4, 7.7 DataValue).
 *
 * @param pointId    the mapped point (table points)
 * @param sourceTime when the device measured it; with pointId, the identity of the reading
 * @param serverTime when the OPC UA server saw it, or null if it did not say
 * @param value      the number, or null (allowed only with a bad or uncertain status)
 * @param statusCode the OPC UA StatusCode as an unsigned 32-bit number
 */
public record Reading(long pointId, Instant sourceTime, Instant serverTime, BigDecimal value, long statusCode) {

    public Reading {
        Objects.requireNonNull(sourceTime, "sourceTime");
        if (statusCode < 0 || statusCode > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("statusCode " + statusCode + " is not an unsigned 32-bit OPC UA StatusCode");
        }
        if (value == null && isGood(statusCode)) {
            throw new IllegalArgumentException("point " + pointId + " at " + sourceTime + ": a GOOD reading needs a value");
        }
    }

    /** Severity bits 31-30 are 00 (OPC UA Part 4, 7.39). */
    public static boolean isGood(long statusCode) {
        return (statusCode >>> 30) == 0;
    }

    public boolean good() {
        return isGood(statusCode);
    }
}
