package com.greenex.market.internal;

import java.util.Arrays;

/**
 * The competing side of one interval as a uniform-price auction, in integers.
 *
 * <p>Prices are tick indices in "competitive" orientation: 0 is the most aggressive quote and the
 * merit order is ascending. For sellers (buyer's market) index {@code i} is {@code p_fit + i * tick};
 * for buyers (seller's market) the axis is mirrored, so that one implementation serves both markets
 * (paper eqs. 2-3 and their mirror, eqs. 4-7). In that orientation a competitor's utility is always
 * {@code (price - reservation) * served}. Energy is in integer units of 10^-6 kWh.
 *
 * <p>The state is the quotes plus the merit order; ties in the quote are broken by the previous
 * order (market-model.md, "Clearing one round", step 1), which is what makes a stable sort right.
 */
public final class Game {

    final int n;
    final int maxTick;
    final long demand;
    final long[] energy;
    final int[] reservation;
    final int[] quote;
    /** position in the merit order to competitor. */
    int[] order;
    /** energy by position in the merit order, kept in step with order. */
    long[] energyAt;
    /** competitor to position. */
    final int[] pos;

    // Derived by clear().
    final long[] prefix;
    /** quote by position, set by the sort. */
    final int[] quoteAt;
    private int[] firstAtLeast;
    // Buffers of the counting sort, reused across rounds.
    private int[] count;
    private int[] keys;
    private int[] orderBuffer;
    private long[] energyBuffer;
    /** Position of the marginal competitor m. */
    int marginal;
    /** Clearing price (competitive tick). */
    int price;

    /**
     * @param energy      each competitor's surplus or deficit, units of 10^-6 kWh, each greater than 0
     * @param reservation each competitor's reservation price, competitive ticks in [0, maxTick]
     * @param tieOrder    the competitors in the order that breaks ties of round 1 (reservation, then id)
     * @param demand      what the short side takes in full; 0 < demand < sum of energy
     */
    public Game(long[] energy, int[] reservation, int maxTick, long demand, int[] tieOrder) {
        this.n = energy.length;
        this.maxTick = maxTick;
        this.demand = demand;
        this.energy = energy;
        this.reservation = reservation;
        this.quote = reservation.clone();
        this.order = tieOrder.clone();
        this.energyAt = new long[n];
        for (int i = 0; i < n; i++) {
            energyAt[i] = energy[order[i]];
        }
        this.pos = new int[n];
        this.prefix = new long[n + 1];
        this.quoteAt = new int[n];
        sortByQuote();
    }

    /** Number of competitors. */
    public int size() {
        return n;
    }

    /**
     * Re-sorts the merit order by quote, ties by the current order: a stable counting sort when the
     * tick grid is small against the participants, a primitive sort of packed (quote, rank) keys otherwise.
     */
    void sortByQuote() {
        if (maxTick <= 4L * n + 1024) {
            countingSort();
        } else {
            keySort();
        }
        for (int i = 0; i < n; i++) {
            pos[order[i]] = i;
        }
    }

    /** Stable counting sort; carries quote and energy along so that clear() reads memory in order. */
    private void countingSort() {
        if (count == null) {
            count = new int[maxTick + 2];
            keys = new int[n];
            orderBuffer = new int[n];
            energyBuffer = new long[n];
        } else {
            Arrays.fill(count, 0);
        }
        int[] key = keys;
        for (int i = 0; i < n; i++) {
            int k = quote[order[i]];
            key[i] = k;
            count[k + 1]++;
        }
        for (int t = 0; t <= maxTick; t++) {
            count[t + 1] += count[t];
        }
        int[] sorted = orderBuffer;
        long[] sortedEnergy = energyBuffer;
        for (int i = 0; i < n; i++) {
            int k = key[i];
            int to = count[k]++;
            sorted[to] = order[i];
            quoteAt[to] = k;
            sortedEnergy[to] = energyAt[i];
        }
        orderBuffer = order;
        order = sorted;
        energyBuffer = energyAt;
        energyAt = sortedEnergy;
    }

    /** A primitive sort of packed (quote, rank) keys, for tick grids much larger than the side. */
    private void keySort() {
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) {
            packed[i] = ((long) quote[order[i]] << 32) | i;
        }
        Arrays.sort(packed);
        int[] previous = order.clone();
        long[] previousEnergy = energyAt.clone();
        for (int i = 0; i < n; i++) {
            int from = (int) packed[i];
            order[i] = previous[from];
            quoteAt[i] = (int) (packed[i] >>> 32);
            energyAt[i] = previousEnergy[from];
        }
    }

    /** Clears the current quotes: quantities follow the merit order, the price the m / m+1 rule. */
    void clear() {
        long sum = 0;
        int m = -1;
        long[] e = energyAt;
        for (int i = 0; i < n; i++) {
            prefix[i] = sum;
            sum += e[i];
            if (m < 0 && sum >= demand) {
                m = i;
            }
        }
        prefix[n] = sum;
        if (m < 0) {
            throw new IllegalStateException("the competing side cannot cover the demand: " + sum + " < " + demand);
        }
        marginal = m;
        price = priceWithMarginal(m, prefix[m + 1] - demand == 0, m + 1);
        indexTicks();
    }

    /** The m / m+1 rule: a marginal that sells part sets the price, one that sells all passes it to the next. */
    private int priceWithMarginal(int m, boolean marginalServedInFull, int nextPosition) {
        if (marginalServedInFull && nextPosition < n) {
            return quoteAt[nextPosition];
        }
        return quoteAt[m];
    }

    private void indexTicks() {
        if (maxTick <= 4L * n + 1024) {
            if (firstAtLeast == null) {
                firstAtLeast = new int[maxTick + 2];
            }
            int i = 0;
            for (int t = 0; t <= maxTick + 1; t++) {
                while (i < n && quoteAt[i] < t) {
                    i++;
                }
                firstAtLeast[t] = i;
            }
        } else {
            firstAtLeast = null;
        }
    }

    /** First merit-order position whose quote is at least t (n if none); t may be maxTick + 1. */
    int firstAtLeast(int t) {
        if (firstAtLeast != null) {
            return firstAtLeast[t];
        }
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (quoteAt[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Energy served to the competitor at a merit-order position in the current clearing. */
    long servedAt(int position) {
        if (position < marginal) {
            return energyAt[position];
        }
        if (position == marginal) {
            return demand - prefix[marginal];
        }
        return 0;
    }

    /** Energy served to a competitor in the current clearing. */
    public long served(int competitor) {
        return servedAt(pos[competitor]);
    }

    /** A competitor's current quote (competitive ticks). */
    public int quote(int competitor) {
        return quote[competitor];
    }

    /** A competitor's 0-based place in the current merit order. */
    public int position(int competitor) {
        return pos[competitor];
    }

    /** Current clearing price (competitive ticks). */
    public int price() {
        return price;
    }

    long utility(int competitor) {
        return (long) (price - reservation[competitor]) * served(competitor);
    }

    /** The paper's update (fig. 5): every trader takes the quote of the one ranked right after it. */
    void neighbourJump() {
        for (int i = 0; i <= marginal; i++) {
            quote[order[i]] = i + 1 < n ? quoteAt[i + 1] : maxTick;
        }
        sortByQuote();
    }

    /** Moves one competitor to another quote; ties keep the current order. */
    void move(int competitor, int newQuote) {
        quote[competitor] = newQuote;
        sortByQuote();
    }

    /** Two independent 64-bit hashes of the state (order and quotes), for cycle detection. */
    long[] fingerprint() {
        long h1 = 0x9E3779B97F4A7C15L;
        long h2 = 0xC2B2AE3D27D4EB4FL;
        for (int i = 0; i < n; i++) {
            int c = order[i];
            long v = ((long) c << 32) ^ quote[c];
            h1 = (h1 ^ v) * 0xFF51AFD7ED558CCDL;
            h1 ^= h1 >>> 29;
            h2 = h2 * 31 + v * 0x94D049BB133111EBL + i;
        }
        return new long[] {h1, h2};
    }

    Snapshot snapshot() {
        return new Snapshot(quote.clone(), order.clone());
    }

    void restore(Snapshot s) {
        System.arraycopy(s.quote(), 0, quote, 0, n);
        System.arraycopy(s.order(), 0, order, 0, n);
        for (int i = 0; i < n; i++) {
            pos[order[i]] = i;
            quoteAt[i] = quote[order[i]];
            energyAt[i] = energy[order[i]];
        }
    }

    record Snapshot(int[] quote, int[] order) {
    }
}
