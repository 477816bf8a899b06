package com.greenex.portal.market;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a trading interval is in its life ({@code trading_intervals.status}). Only
 * {@link IntervalLifecycle} writes it, and only along these moves:
 * <pre>
 * COLLECTING ─► CLEARING ─► CLEARED ─► SETTLING ─► SETTLED
 *                  │   ▲        └──────────────────►┘
 *                  ▼   └ (a crash left it CLEARING: cleared again)
 *               FAILED
 * </pre>
 */
public enum IntervalState {
    /** Running now: readings come in. */
    COLLECTING,
    /** Ended; its positions, rules and market are being worked out. */
    CLEARING,
    /** Results, trades and the settlement outbox committed; nothing sent to the chain yet. */
    CLEARED,
    /** Some of its settlement batches are on their way to the chain. */
    SETTLING,
    /** Every batch confirmed on chain (at once when it had no trades). */
    SETTLED,
    /** Could not be cleared; the reason is kept with it. */
    FAILED;

    /** The states this one may move to. */
    public Set<IntervalState> next() {
        return switch (this) {
            case COLLECTING -> EnumSet.of(CLEARING);
            case CLEARING -> EnumSet.of(CLEARING, CLEARED, FAILED);
            case CLEARED -> EnumSet.of(SETTLING, SETTLED);
            case SETTLING -> EnumSet.of(SETTLED);
            case SETTLED, FAILED -> EnumSet.noneOf(IntervalState.class);
        };
    }

    public boolean mayMoveTo(IntervalState to) {
        return next().contains(to);
    }

    /** The states from which {@code to} can be reached in one move. */
    public static Set<IntervalState> before(IntervalState to) {
        Set<IntervalState> out = EnumSet.noneOf(IntervalState.class);
        for (IntervalState s : values()) {
            if (s.mayMoveTo(to)) {
                out.add(s);
            }
        }
        return out;
    }

    /** Not yet cleared: the market still has to work it out. */
    public boolean open() {
        return this == COLLECTING || this == CLEARING;
    }
}
