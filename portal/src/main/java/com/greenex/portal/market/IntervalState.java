package com.greenex.portal.market;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a trading interval is in its life ({@code trading_intervals.status}). Only
 * {@link IntervalLifecycle} writes it, and only along these moves:
 * <pre>
 * OPEN ─► GATE_CLOSED ─► CLEARED ─► DISPATCHED ─► DELIVERING ─► METERED ◄─► SETTLED
 *  │         │   ▲          └─────────────────────►┘ (start passed     (back when the chain
 *  │         │   └ (a crash left it GATE_CLOSED:       before dispatch)  lost a batch: settled again)
 *  │         │      cleared again)
 *  ├─────────┴─► FAILED (with the reason: the market could not schedule it; a dispatcher may have it
 *  │               cleared again before its start: back to GATE_CLOSED, audited)
 *  └─────────┴─► MISSED (with the reason: the market was down when it had to be scheduled)
 * </pre>
 * An interval the market never opened because it was down gets its row as MISSED directly.
 * The market clears at gate closure (start − lead), writes the batteries' setpoints before the start,
 * and meters after the end (plus a grace for late readings); intervals overlap in time: one is
 * DELIVERING while the next is OPEN.
 */
public enum IntervalState {
    /** Bids and forecasts accepted until gate closure. */
    OPEN,
    /** Gate closed: positions, rules and market are being worked out. */
    GATE_CLOSED,
    /** Schedule committed (results, trades, settlement outbox); setpoints not yet written. */
    CLEARED,
    /** Every battery's setpoint written (or its failure named) before the start. */
    DISPATCHED,
    /** Running now: the batteries follow their setpoints, the meters count. */
    DELIVERING,
    /** After the end: the meters confirmed what was delivered; deviations settled at the grid's prices. */
    METERED,
    /** Metered and every trade confirmed on chain. */
    SETTLED,
    /** Could not be scheduled; the reason is kept with it. */
    FAILED,
    /** Not scheduled because the market was down at its gate closure (or not running at all); the reason is kept with it. */
    MISSED;

    /** The states this one may move to. */
    public Set<IntervalState> next() {
        return switch (this) {
            case OPEN -> EnumSet.of(GATE_CLOSED, FAILED, MISSED);
            case GATE_CLOSED -> EnumSet.of(GATE_CLOSED, CLEARED, FAILED, MISSED);
            case CLEARED -> EnumSet.of(DISPATCHED, DELIVERING);
            case DISPATCHED -> EnumSet.of(DELIVERING);
            case DELIVERING -> EnumSet.of(METERED);
            case METERED -> EnumSet.of(SETTLED);
            case SETTLED -> EnumSet.of(METERED);
            case FAILED -> EnumSet.of(GATE_CLOSED);
            case MISSED -> EnumSet.noneOf(IntervalState.class);
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

    /** Not yet scheduled: the market still has to clear it. */
    public boolean open() {
        return this == OPEN || this == GATE_CLOSED;
    }
}
