package com.greenex.market;

import java.math.BigDecimal;
import java.util.List;

/**
 * One round of the bidding game: a clearing of the paper's iteration, or one best-response move.
 *
 * @param round          1-based
 * @param phase          {@link SolveMethod#PAPER_ITERATION} or {@link SolveMethod#BEST_RESPONSE}
 * @param clearingPrice  the uniform price of this round
 * @param gainers        competing participants that could raise their utility by another quote
 * @param quotes         the competing side's quotes in merit order of this round, only when
 *                       {@link EngineOptions#keepRoundQuotes()} is on; otherwise empty
 */
public record RoundSummary(int round, SolveMethod phase, BigDecimal clearingPrice, int gainers, List<Quote> quotes) {

    public RoundSummary {
        quotes = List.copyOf(quotes);
    }

    /** A participant's quote in one round. */
    public record Quote(String participantId, BigDecimal price, BigDecimal marketKwh) {
    }
}
