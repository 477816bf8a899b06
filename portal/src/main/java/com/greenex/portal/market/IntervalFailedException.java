package com.greenex.portal.market;

/** An interval that could not be cleared; it is FAILED with {@link #reason()}. */
public class IntervalFailedException extends RuntimeException {

    private final long intervalId;
    private final String reason;

    public IntervalFailedException(long intervalId, String reason, Throwable cause) {
        super("interval " + intervalId + " failed: " + reason, cause);
        this.intervalId = intervalId;
        this.reason = reason;
    }

    public long intervalId() {
        return intervalId;
    }

    public String reason() {
        return reason;
    }
}
