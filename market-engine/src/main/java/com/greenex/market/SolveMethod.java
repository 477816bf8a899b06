package com.greenex.market;

/** How the final quotes of an interval were reached. */
public enum SolveMethod {
    /** The paper's simultaneous neighbour-jump iteration reached a verified equilibrium. */
    PAPER_ITERATION,
    /** The paper's iteration cycled or hit its round limit; sequential best responses finished it. */
    BEST_RESPONSE,
    /** Supply equals demand: no bidding, everyone trades in full at the mid-market rate. */
    BALANCED,
    /** One side is empty: there is nobody to trade with, everything goes to storage and the grid. */
    NO_TRADE
}
