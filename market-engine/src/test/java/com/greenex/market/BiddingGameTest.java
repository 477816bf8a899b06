package com.greenex.market;

import com.greenex.market.bench.RandomIntervals;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static com.greenex.market.Participants.aBuyer;
import static com.greenex.market.Participants.aSeller;
import static com.greenex.market.Participants.paperInterval;
import static org.assertj.core.api.Assertions.assertThat;

/** How the game reaches its equilibrium, and what it says when it cannot. */
class BiddingGameTest {

    /** Two buyers with the same reservation: the marginal one "takes" an equal quote, and nothing changes. */
    private static Interval stuckInterval() {
        return paperInterval(
                aSeller("S0").surplusKwh("5").soc("13").build(),
                aBuyer("B1").deficitKwh("10").soc("27").build(),
                aBuyer("B2").deficitKwh("1").soc("27").build());
    }

    @Test
    void whenThePaperIterationRepeatsAStateBestResponseFinishesTheGame() {
        MarketResult r = new MarketEngine().clear(stuckInterval());

        assertThat(r.method()).isEqualTo(SolveMethod.BEST_RESPONSE);
        assertThat(r.equilibrium()).isInstanceOf(Equilibrium.Verified.class);
        assertThat(r.history()).extracting(RoundSummary::phase)
                .containsExactly(SolveMethod.PAPER_ITERATION, SolveMethod.BEST_RESPONSE);
        assertThat(r.history()).extracting(RoundSummary::round).containsExactly(1, 2);
        assertThat(r.rounds()).isEqualTo(2);
        // B1, marginal, is better off setting the price at the floor than paying 0.91.
        assertThat(r.clearingPrice()).isEqualByComparingTo("0.40");
        assertThat(ReferenceAuction.firstProfitableDeviation(stuckInterval(), r)).isNull();
    }

    @Test
    void theRoundLimitHandsOverToBestResponse() {
        Interval table2 = paperInterval(
                aSeller("S1").surplusKwh("16").build(),
                aBuyer("A").deficitKwh("4").soc("60").build(),
                aBuyer("B").deficitKwh("11").soc("42").build(),
                aBuyer("C").deficitKwh("6").soc("64").build(),
                aBuyer("D").deficitKwh("10").soc("58").build());

        MarketResult r = new MarketEngine(new EngineOptions(1, 10, 100, false)).clear(table2);

        assertThat(r.method()).isEqualTo(SolveMethod.BEST_RESPONSE);
        assertThat(r.equilibriumVerified()).isTrue();
        assertThat(ReferenceAuction.firstProfitableDeviation(table2, r)).isNull();
    }

    @Test
    void anEquilibriumNotReachedIsSaidNeverHidden() {
        MarketResult r = new MarketEngine(new EngineOptions(1, 10, 0, false)).clear(stuckInterval());

        assertThat(r.equilibriumVerified()).isFalse();
        assertThat(r.equilibrium()).isInstanceOf(Equilibrium.NotReached.class);
        assertThat(r.equilibrium().text()).startsWith("NOT_REACHED: ").contains("best-response moves").contains("1 participant(s) able to gain");
    }

    @Test
    void aPaperIterationThatStopsMakingProgressHandsOverToBestResponse() {
        // Found by search: stated prices, the paper's iteration keeps the same gainers round after round.
        Interval crawling = RandomIntervals.interval(5, 2, 69, new BigDecimal("0.01"), true);

        MarketResult stopped = new MarketEngine(new EngineOptions(200, 3, 0, false)).clear(crawling);
        assertThat(stopped.equilibrium().text()).contains("no progress in 3 rounds");
        assertThat(stopped.history()).hasSize(5);

        MarketResult finished = new MarketEngine(new EngineOptions(200, 3, 100, false)).clear(crawling);
        assertThat(finished.method()).isEqualTo(SolveMethod.BEST_RESPONSE);
        assertThat(finished.equilibriumVerified()).isTrue();
        assertThat(ReferenceAuction.firstProfitableDeviation(crawling, finished)).isNull();
    }
}
