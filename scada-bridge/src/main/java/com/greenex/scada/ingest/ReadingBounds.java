package com.greenex.scada.ingest;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * What a field reading may be before it is stored as it came: a source time within a week before and
 * an hour after its arrival, a value that fits the store ({@code numeric(20, 6)}). One outside is
 * kept, isolated and marked BAD (OPC UA Bad_InvalidTimestamp or Bad_OutOfRange) with its arrival time,
 * so that a clock in 1601 does not create partitions without bound and a value of 1e20 does not stall
 * a batch; the market never trades on a BAD reading.
 */
public final class ReadingBounds {

    public static final Duration PAST = Duration.ofDays(7);
    public static final Duration FUTURE = Duration.ofHours(1);
    /** Largest magnitude a reading's value may have: numeric(20, 6) holds 14 digits before the point. */
    public static final BigDecimal LIMIT = new BigDecimal("1E14");
    /** OPC UA Part 4, 7.39: Bad_InvalidTimestamp. */
    public static final long BAD_INVALID_TIMESTAMP = 0x80230000L;
    /** OPC UA Part 4, 7.39: Bad_OutOfRange. */
    public static final long BAD_OUT_OF_RANGE = 0x803C0000L;

    /** The reading as it will be stored, and (when it was out of bounds) why. */
    public record Bounded(Instant sourceTime, BigDecimal value, long statusCode, String problem) {
    }

    private ReadingBounds() {
    }

    public static Bounded check(Instant source, Instant arrived, BigDecimal value, long statusCode) {
        if (source.isBefore(arrived.minus(PAST)) || source.isAfter(arrived.plus(FUTURE))) {
            return new Bounded(arrived, value != null && value.abs().compareTo(LIMIT) >= 0 ? null : value, BAD_INVALID_TIMESTAMP,
                    "source time " + source + " is outside [" + arrived.minus(PAST) + ", " + arrived.plus(FUTURE) + "]: stored BAD at its arrival");
        }
        if (value != null && value.abs().compareTo(LIMIT) >= 0) {
            return new Bounded(source, null, BAD_OUT_OF_RANGE, "value " + value + " is beyond ±" + LIMIT.toPlainString()
                    + ": stored BAD without it");
        }
        return new Bounded(source, value, statusCode, null);
    }
}
