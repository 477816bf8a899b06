package com.greenex.portal.market;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How running one interval ended.
 *
 * @param skipped      participants left out of the market, each with why
 * @param clearingTime from reading the positions to the commit of the results; null when this run did not clear it
 * @param stages       where the clearing time went, in order ({@link #POSITIONS}, {@link #RULES}, {@link #ENGINE},
 *                     {@link #PERSIST}); empty when this run did not clear it
 */
public record IntervalOutcome(long intervalId, IntervalState state, String failureReason, BigDecimal clearingPrice, int trades,
                              int settlementBatches, List<String> skipped, Duration clearingTime, Map<String, Duration> stages) {

    /** Positions read from the readings at gate closure. */
    public static final String POSITIONS = "positions";
    /** Standings, stated prices and the rules' judgement of roles and quotes. */
    public static final String RULES = "rules";
    /** The engine (market, auction, equilibrium) and the trades matched. */
    public static final String ENGINE = "engine";
    /** Results, positions, trades and the settlement outbox committed; the storage-first check of the dispatch runs alongside and the commit waits for it. */
    public static final String PERSIST = "persist";

    public IntervalOutcome(long intervalId, IntervalState state, String failureReason, BigDecimal clearingPrice, int trades,
                           int settlementBatches, List<String> skipped, Duration clearingTime) {
        this(intervalId, state, failureReason, clearingPrice, trades, settlementBatches, skipped, clearingTime, Map.of());
    }

    IntervalOutcome withClearingTime(Duration d) {
        return new IntervalOutcome(intervalId, state, failureReason, clearingPrice, trades, settlementBatches, skipped, d, stages);
    }

    IntervalOutcome withStages(Map<String, Duration> s) {
        return new IntervalOutcome(intervalId, state, failureReason, clearingPrice, trades, settlementBatches, skipped, clearingTime, s);
    }
}
