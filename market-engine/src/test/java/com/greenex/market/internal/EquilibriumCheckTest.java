package com.greenex.market.internal;

import com.greenex.market.EngineOptions;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast equilibrium check against brute force: for random games in arbitrary states (not only
 * the ones the iteration reaches), every competitor's utility at every tick must equal a full
 * re-clearing with that one quote changed.
 */
class EquilibriumCheckTest {

    record Setup(long[] energy, int[] reservation, int[] quotes, int maxTick, long demand) {
    }

    @Property(tries = 600)
    void deviationUtilityEqualsAFullReclearingForEveryCompetitorAndTick(@ForAll("games") Setup s) {
        Game g = gameIn(s);
        for (int c = 0; c < g.n; c++) {
            for (int t = 0; t <= g.maxTick; t++) {
                assertThat(EquilibriumCheck.deviationUtility(g, c, t))
                        .as("competitor %d quoting %d", c, t)
                        .isEqualTo(bruteForceUtility(g, c, t));
            }
        }
    }

    @Property(tries = 600)
    void bestReplyIsTheMaximumOverAllTicks(@ForAll("games") Setup s) {
        Game g = gameIn(s);
        for (int c = 0; c < g.n; c++) {
            long max = Long.MIN_VALUE;
            for (int t = 0; t <= g.maxTick; t++) {
                max = Math.max(max, bruteForceUtility(g, c, t));
            }
            EquilibriumCheck.Reply reply = EquilibriumCheck.bestReply(g, c);
            assertThat(reply.bestUtility()).as("competitor %d", c).isEqualTo(max);
            assertThat(bruteForceUtility(g, c, reply.bestQuote())).isEqualTo(max);
            assertThat(reply.currentUtility()).isEqualTo(g.utility(c));
        }
    }

    @Property(tries = 300)
    void theGameEndsInAStateWhereNobodyGains(@ForAll("games") Setup s) {
        Game g = new Game(s.energy(), s.reservation(), s.maxTick(), s.demand(), identity(s.energy().length));
        BiddingGame.Outcome outcome = BiddingGame.play(g, EngineOptions.DEFAULTS);
        assertThat(outcome.verified()).as(outcome.failure()).isTrue();
        for (int c = 0; c < g.n; c++) {
            for (int t = 0; t <= g.maxTick; t++) {
                assertThat(bruteForceUtility(g, c, t)).isLessThanOrEqualTo(g.utility(c));
            }
        }
    }

    /** Builds a game and moves it into the setup's arbitrary quotes. */
    private static Game gameIn(Setup s) {
        Game g = new Game(s.energy(), s.reservation(), s.maxTick(), s.demand(), identity(s.energy().length));
        for (int c = 0; c < s.quotes().length; c++) {
            g.quote[c] = s.quotes()[c];
        }
        g.sortByQuote();
        g.clear();
        return g;
    }

    /** Re-sorts everyone with c at quote t (ties by current position), serves in order, applies the m / m+1 rule. */
    static long bruteForceUtility(Game g, int c, int t) {
        List<int[]> bids = new ArrayList<>(); // {competitor, quote, position}
        for (int k = 0; k < g.n; k++) {
            bids.add(new int[] {k, k == c ? t : g.quote[k], g.pos[k]});
        }
        bids.sort(Comparator.<int[]>comparingInt(b -> b[1]).thenComparingInt(b -> b[2]));
        long left = g.demand;
        long servedC = 0;
        Integer price = null;
        for (int i = 0; i < bids.size(); i++) {
            int k = bids.get(i)[0];
            long q = Math.min(left, g.energy[k]);
            if (k == c) {
                servedC = q;
            }
            if (price == null && q > 0 && left <= g.energy[k]) {
                price = q == g.energy[k] && i + 1 < bids.size() ? bids.get(i + 1)[1] : bids.get(i)[1];
            }
            left -= q;
        }
        return (long) (price - g.reservation[c]) * servedC;
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    @Provide
    Arbitrary<Setup> games() {
        return Arbitraries.integers().between(1, 9).flatMap(n -> Arbitraries.integers().between(1, 12).flatMap(maxTick -> {
            Arbitrary<long[]> energy = Arbitraries.longs().between(1, 8).array(long[].class).ofSize(n);
            Arbitrary<int[]> res = Arbitraries.integers().between(0, maxTick).array(int[].class).ofSize(n);
            Arbitrary<int[]> quotes = Arbitraries.integers().between(0, maxTick).array(int[].class).ofSize(n);
            return Combinators.combine(energy, res, quotes).flatAs((e, r, q) -> {
                long total = 0;
                for (long x : e) {
                    total += x;
                }
                if (total < 2) {
                    return Arbitraries.just(new Setup(new long[] {1, 1}, new int[] {0, 0}, new int[] {0, 0}, maxTick, 1));
                }
                return Arbitraries.longs().between(1, total - 1).map(d -> new Setup(e, r, q, maxTick, d));
            });
        }));
    }
}
