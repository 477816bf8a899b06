package com.greenex.market;

/**
 * Limits and switches of the bidding game.
 *
 * @param paperRoundLimit       rounds of the paper's iteration before the best-response continuation takes over
 * @param paperStallRounds      rounds of the paper's iteration without progress (fewer participants able to
 *                              gain, or a smaller largest gain) before best response takes over: on large
 *                              markets the neighbour jumps can crawl through thousands of inframarginal
 *                              quotes while the few marginal participants who could gain stay the same
 * @param bestResponseMoveLimit best-response moves before the engine gives up and says so in the result
 * @param keepRoundQuotes       keep every round's quotes in {@link RoundSummary#quotes()} (memory grows with
 *                              participants times rounds: for views of one interval, not for bulk runs)
 */
public record EngineOptions(int paperRoundLimit, int paperStallRounds, int bestResponseMoveLimit, boolean keepRoundQuotes) {

    public static final EngineOptions DEFAULTS = new EngineOptions(200, 10, 20_000, false);

    public EngineOptions {
        if (paperRoundLimit < 1) {
            throw new IllegalArgumentException("paperRoundLimit must be at least 1, got " + paperRoundLimit);
        }
        if (paperStallRounds < 1) {
            throw new IllegalArgumentException("paperStallRounds must be at least 1, got " + paperStallRounds);
        }
        if (bestResponseMoveLimit < 0) {
            throw new IllegalArgumentException("bestResponseMoveLimit must not be negative, got " + bestResponseMoveLimit);
        }
    }

    public EngineOptions withRoundQuotes() {
        return new EngineOptions(paperRoundLimit, paperStallRounds, bestResponseMoveLimit, true);
    }
}
