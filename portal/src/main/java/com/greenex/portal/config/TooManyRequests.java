package com.greenex.portal.config;

import java.time.Duration;

/** A client asked too often; it may try again after {@link #retryAfter()} (429 with Retry-After). */
public class TooManyRequests extends RuntimeException {

    private final Duration retryAfter;

    public TooManyRequests(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
