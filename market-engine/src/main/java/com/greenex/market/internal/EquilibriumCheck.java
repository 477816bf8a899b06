package com.greenex.market.internal;

/**
 * Decides whether any competitor can raise its utility by moving its own quote to any other tick,
 * the others fixed and ties broken by the current order (paper eqs. 8-9), without re-clearing the
 * market per candidate tick.
 *
 * <p>With the others fixed, where a competitor lands in the merit order depends only on its quote,
 * and the energy of the others ahead of it, {@code C(t)}, is non-decreasing in the quote {@code t}.
 * That splits the ticks into three runs: fully served ({@code C(t) + s < D}; the price is then set by
 * the others alone, so the utility is one constant found by two binary searches), marginal
 * ({@code D - s <= C(t) < D}; the utility is evaluated per tick in O(1)), and not served (utility 0).
 * One competitor costs O(log N + log K + w), w the ticks of its marginal run, instead of the
 * O(K * N) of re-clearing per tick.
 */
public final class EquilibriumCheck {

    private EquilibriumCheck() {
    }

    /** A competitor's best reply to the others' quotes. */
    record Reply(long currentUtility, long bestUtility, int bestQuote) {
        long gain() {
            return bestUtility - currentUtility;
        }
    }

    /** The whole side at once. */
    record Scan(int gainers, int topCompetitor, Reply topReply) {
        boolean equilibrium() {
            return gainers == 0;
        }
    }

    /** Checks every competitor; the top gainer is the one with the largest gain, ties by merit order. */
    static Scan scan(Game g) {
        int gainers = 0;
        int top = -1;
        Reply topReply = null;
        for (int i = 0; i < g.n; i++) {
            int c = g.order[i];
            Reply r = bestReply(g, c);
            if (r.gain() > 0) {
                gainers++;
                if (topReply == null || r.gain() > topReply.gain()) {
                    top = c;
                    topReply = r;
                }
            }
        }
        return new Scan(gainers, top, topReply);
    }

    /** The best utility competitor c can reach by any tick, and the tick nearest its quote that reaches it. */
    static Reply bestReply(Game g, int c) {
        long s = g.energy[c];
        int current = g.quote[c];
        long currentUtility = deviationUtility(g, c, current);
        long best = currentUtility;
        int bestQuote = current;

        int firstMarginal = firstTickWithBeforeAtLeast(g, c, g.demand - s);
        int firstUnserved = firstTickWithBeforeAtLeast(g, c, g.demand);

        if (firstMarginal > 0) {
            // Fully served for every tick below firstMarginal: one value.
            int t = Math.min(current, firstMarginal - 1);
            long u = deviationUtility(g, c, t);
            if (better(u, t, best, bestQuote, current)) {
                best = u;
                bestQuote = t;
            }
        }
        for (int t = firstMarginal; t < firstUnserved; t++) {
            long u = deviationUtility(g, c, t);
            if (better(u, t, best, bestQuote, current)) {
                best = u;
                bestQuote = t;
            }
        }
        if (firstUnserved <= g.maxTick) {
            int t = Math.max(current, firstUnserved);
            if (better(0, t, best, bestQuote, current)) {
                best = 0;
                bestQuote = t;
            }
        }
        return new Reply(currentUtility, best, bestQuote);
    }

    /** Strictly more utility, or as much nearer the current quote (then the lower tick). */
    private static boolean better(long u, int t, long best, int bestQuote, int current) {
        if (u != best) {
            return u > best;
        }
        int d = Math.abs(t - current);
        int bestD = Math.abs(bestQuote - current);
        return d < bestD || (d == bestD && t < bestQuote);
    }

    /** Smallest tick t in [0, maxTick] with before(t) >= threshold, or maxTick + 1. */
    private static int firstTickWithBeforeAtLeast(Game g, int c, long threshold) {
        int lo = 0;
        int hi = g.maxTick + 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (energyBefore(g, c, mid) >= threshold) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Energy of the others ahead of competitor c if it quoted t. */
    static long energyBefore(Game g, int c, int t) {
        int p = g.pos[c];
        int lo = g.firstAtLeast(t);
        if (p < lo) {
            return g.prefix[lo] - g.energy[c];
        }
        int hi = g.firstAtLeast(t + 1);
        return p < hi ? g.prefix[p] : g.prefix[hi];
    }

    /** Utility of competitor c if it alone quoted t (t may be its current quote). */
    static long deviationUtility(Game g, int c, int t) {
        int p = g.pos[c];
        long s = g.energy[c];
        int r = g.reservation[c];
        int lo = g.firstAtLeast(t);
        int hi = g.firstAtLeast(t + 1);
        long before;
        int next;
        if (p < lo) {
            before = g.prefix[lo] - s;
            next = lo;
        } else if (p < hi) {
            before = g.prefix[p];
            next = p + 1;
        } else {
            before = g.prefix[hi];
            next = hi == p ? p + 1 : hi;
        }
        if (before >= g.demand) {
            return 0;
        }
        long rest = g.demand - before;
        if (rest < s) {
            return (long) (t - r) * rest;
        }
        if (rest == s) {
            int price = next < g.n ? g.quoteAt[next] : t;
            return (long) (price - r) * s;
        }
        return (long) (priceWhenFullyServed(g, c) - r) * s;
    }

    /**
     * The clearing price when competitor c is served in full ahead of the marginal: set by the
     * others alone, who fill D - s in their own order.
     */
    static int priceWhenFullyServed(Game g, int c) {
        int p = g.pos[c];
        long s = g.energy[c];
        long rest = g.demand - s;
        int a = firstPositionWithPrefixAtLeast(g, rest);
        int m;
        long filled;
        if (a < p) {
            m = a;
            filled = g.prefix[a + 1];
        } else {
            // Past c, the others' running total is prefix - s: it reaches D - s where prefix reaches D.
            m = Math.max(g.marginal, p + 1);
            filled = g.prefix[m + 1] - s;
        }
        if (filled > rest) {
            return g.quoteAt[m];
        }
        int next = m + 1 == p ? p + 1 : m + 1;
        return next < g.n ? g.quoteAt[next] : g.quoteAt[m];
    }

    /** First position i with prefix[i + 1] >= x. */
    private static int firstPositionWithPrefixAtLeast(Game g, long x) {
        int lo = 0;
        int hi = g.n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (g.prefix[mid + 1] >= x) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
