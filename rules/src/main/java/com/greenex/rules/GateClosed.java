package com.greenex.rules;

import java.time.Instant;

/** The interval's gate closed at {@code at}: its quotes can no longer change (quotes.drl, RejectQuoteAfterGateClosure). */
public record GateClosed(String intervalId, Instant at) {
}
