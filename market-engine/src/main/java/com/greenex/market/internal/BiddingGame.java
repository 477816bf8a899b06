package com.greenex.market.internal;

import com.greenex.market.EngineOptions;
import com.greenex.market.SolveMethod;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Plays the bidding game of one interval to a verified equilibrium: the paper's adaptive iteration
 * (fig. 5) first, then sequential best responses when that cycles or runs out of rounds
 * (market-model.md, step 4).
 */
public final class BiddingGame {

    /** What one round looked like, in the game's own integers. */
    public record Round(int number, SolveMethod phase, int price, int gainers, int[] orderOrNull, int[] quoteAtOrNull,
                        long[] servedOrNull) {
    }

    /** How the game ended. */
    public record Outcome(SolveMethod method, boolean verified, String failure, int rounds, List<Round> history) {
    }

    private BiddingGame() {
    }

    public static Outcome play(Game g, EngineOptions options) {
        List<Round> history = new ArrayList<>();
        Set<Fingerprint> seen = new HashSet<>();
        Game.Snapshot bestState = null;
        int bestGainers = Integer.MAX_VALUE;
        long bestTopGain = Long.MAX_VALUE;
        int bestRound = 0;
        String why;

        int round = 1;
        seen.add(Fingerprint.of(g));
        while (true) {
            g.clear();
            EquilibriumCheck.Scan scan = EquilibriumCheck.scan(g);
            history.add(record(round, SolveMethod.PAPER_ITERATION, g, scan, options));
            if (scan.equilibrium()) {
                return new Outcome(SolveMethod.PAPER_ITERATION, true, null, round, history);
            }
            long topGain = scan.topReply().gain();
            if (scan.gainers() < bestGainers || (scan.gainers() == bestGainers && topGain < bestTopGain)) {
                bestGainers = scan.gainers();
                bestTopGain = topGain;
                bestState = g.snapshot();
                bestRound = round;
            }
            if (round >= options.paperRoundLimit()) {
                why = "round limit " + options.paperRoundLimit();
                break;
            }
            if (round - bestRound >= options.paperStallRounds()) {
                why = "no progress in " + options.paperStallRounds() + " rounds";
                break;
            }
            g.neighbourJump();
            if (!seen.add(Fingerprint.of(g))) {
                why = "the update repeated an earlier state";
                break;
            }
            round++;
        }

        // Best response from the state with the fewest participants able to gain.
        g.restore(bestState);
        g.clear();
        int moves = 0;
        while (true) {
            EquilibriumCheck.Scan scan = EquilibriumCheck.scan(g);
            if (moves > 0) {
                history.add(record(round, SolveMethod.BEST_RESPONSE, g, scan, options));
            }
            if (scan.equilibrium()) {
                return new Outcome(SolveMethod.BEST_RESPONSE, true, null, round, history);
            }
            if (moves >= options.bestResponseMoveLimit()) {
                String failure = "the paper's iteration stopped (" + why + ") and "
                        + options.bestResponseMoveLimit() + " best-response moves left " + scan.gainers()
                        + " participant(s) able to gain";
                return new Outcome(SolveMethod.BEST_RESPONSE, false, failure, round, history);
            }
            g.move(scan.topCompetitor(), scan.topReply().bestQuote());
            g.clear();
            moves++;
            round++;
        }
    }

    private static Round record(int number, SolveMethod phase, Game g, EquilibriumCheck.Scan scan, EngineOptions options) {
        if (!options.keepRoundQuotes()) {
            return new Round(number, phase, g.price, scan.gainers(), null, null, null);
        }
        long[] served = new long[g.n];
        for (int i = 0; i < g.n; i++) {
            served[i] = g.servedAt(i);
        }
        return new Round(number, phase, g.price, scan.gainers(), g.order.clone(), g.quoteAt.clone(), served);
    }

    /** 128 bits of the state; a repeat means the deterministic update has entered a cycle. */
    private record Fingerprint(long a, long b) {
        static Fingerprint of(Game g) {
            long[] h = g.fingerprint();
            return new Fingerprint(h[0], h[1]);
        }
    }
}
