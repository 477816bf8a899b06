package com.greenex.market;

/** Which side competes in an interval (market-model.md, "Market type"). */
public enum MarketType {
    /** Supply exceeds demand: sellers compete for the demand. */
    BUYERS_MARKET,
    /** Demand exceeds supply: buyers compete for the supply. */
    SELLERS_MARKET,
    /** Supply equals demand: everyone trades in full at the mid-market rate, no bidding. */
    BALANCED
}
