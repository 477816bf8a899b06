package com.greenex.rules;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Judging an interval in partitions by participant gives exactly what one session gives. */
class PartitionedEvaluationTest {

    @Test
    void partitionsByParticipantGiveTheSameRolesAndFindingsAsOneSession() {
        MarketRules rules = MarketRules.load();
        IntervalFacts facts = RulesBenchmark.facts(3_000, 11);

        IntervalVerdict whole = rules.withPartitioning(Integer.MAX_VALUE, 1).checkInterval(facts);
        IntervalVerdict split = rules.withPartitioning(100, 7).checkInterval(facts);

        assertThat(whole.roles()).hasSizeGreaterThan(2_900);
        assertThat(whole.findings()).hasSize(9_000);
        assertThat(split.roles()).isEqualTo(whole.roles());
        assertThat(split.findings()).isEqualTo(whole.findings());
    }

    @Test
    void withTheFailuresOnlyTheVerdictHasTheSameRolesAndFailuresAndNoPasses() {
        MarketRules rules = MarketRules.load().withPartitioning(500, 3);
        IntervalFacts all = RulesBenchmark.facts(2_000, 5);
        // Failures of every topic: a tenth not admitted, quotes off the grid prices, a dispatch that loses energy.
        java.util.List<Standing> standings = new java.util.ArrayList<>();
        for (int i = 0; i < all.standings().size(); i++) {
            Standing s = all.standings().get(i);
            standings.add(i % 10 == 0 ? new Standing(s.participantId(), Standing.Status.DELISTED) : s);
        }
        java.util.List<Quote> quotes = new java.util.ArrayList<>();
        for (int i = 0; i < all.quotes().size(); i++) {
            Quote q = all.quotes().get(i);
            quotes.add(i % 7 == 0 ? new Quote(q.intervalId(), q.participantId(), q.side(), new java.math.BigDecimal("5.00")) : q);
        }
        java.util.List<Dispatch> dispatches = new java.util.ArrayList<>(all.dispatches());
        Dispatch d = dispatches.getFirst();
        dispatches.set(0, new Dispatch(d.intervalId(), d.participantId(), d.side(), d.energyKwh(), java.math.BigDecimal.ZERO, java.math.BigDecimal.ZERO,
                java.math.BigDecimal.ZERO, d.battery()));
        IntervalFacts facts = new IntervalFacts(standings, all.positions(), all.priceGrids(), quotes, dispatches);

        IntervalVerdict explained = rules.checkInterval(facts, MarketRules.Detail.ALL);
        IntervalVerdict failures = rules.checkInterval(facts, MarketRules.Detail.FAILURES);

        assertThat(explained.findings()).anyMatch(f -> !f.failed());
        assertThat(explained.violations()).extracting(Finding::topic).contains(Finding.Topic.ROLE, Finding.Topic.QUOTE, Finding.Topic.DISPATCH);
        assertThat(failures.roles()).isEqualTo(explained.roles()).hasSizeLessThan(2_000);
        assertThat(failures.findings()).isEqualTo(explained.violations()).allMatch(Finding::failed);
        assertThat(rules.checkInterval(facts)).isEqualTo(explained);
    }
}
