package com.greenex.settlement;

import java.util.EnumSet;
import java.util.Set;

/**
 * A settlement batch's state ({@code settlement_batches.state}). {@link SettlementOutbox} creates
 * batches PENDING; {@link SettlementWorker} is the only one that moves them: PENDING → SENT once its
 * transaction is sent (or found on chain after a crash), SENT → CONFIRMED once it is deep enough.
 * FAILED is the end of a batch the chain refused for good.
 */
public enum BatchState {
    PENDING,
    SENT,
    CONFIRMED,
    FAILED;

    /** The states this one may move to. */
    public Set<BatchState> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(SENT, FAILED);
            case SENT -> EnumSet.of(CONFIRMED, FAILED);
            case CONFIRMED, FAILED -> EnumSet.noneOf(BatchState.class);
        };
    }

    public boolean mayMoveTo(BatchState to) {
        return next().contains(to);
    }

    /** Still on its way to the chain. */
    public boolean open() {
        return this == PENDING || this == SENT;
    }

    /**
     * @throws IllegalStateException naming both states when the move is not allowed
     */
    public void requireMoveTo(BatchState to) {
        if (!mayMoveTo(to)) {
            throw new IllegalStateException("a settlement batch cannot move from " + this + " to " + to + " (from " + this + ": " + next() + ")");
        }
    }
}
