package com.greenex.settlement;

import java.util.EnumSet;
import java.util.Set;

/**
 * A settlement batch's state ({@code settlement_batches.state}). {@link SettlementOutbox} creates
 * batches PENDING; {@link SettlementWorker} is the only one that moves them: PENDING → SENT once its
 * transaction is sent (or found on chain after a crash), SENT → CONFIRMED once it is deep enough and
 * the contract holds it. Back to PENDING when the chain no longer knows it: a SENT batch whose
 * transaction vanished, a CONFIRMED batch the contract lost (a chain restored from an older state);
 * it is then settled again, once. FAILED is the end of a batch the chain refused for good.
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
            case SENT -> EnumSet.of(CONFIRMED, PENDING, FAILED);
            case CONFIRMED -> EnumSet.of(PENDING);
            case FAILED -> EnumSet.noneOf(BatchState.class);
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
