package com.greenex.market;

/** A participant's role in one interval: it sells a surplus or buys to cover a deficit, never both. */
public enum Side {
    BUY,
    SELL
}
