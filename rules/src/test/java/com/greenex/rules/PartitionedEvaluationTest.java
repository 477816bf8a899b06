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
}
