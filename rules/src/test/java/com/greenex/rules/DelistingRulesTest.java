package com.greenex.rules;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DelistingRulesTest {

    static final DelistingPolicy POLICY = new DelistingPolicy(Duration.ofMinutes(30), Duration.ofHours(2));
    static MarketRules rules;

    @BeforeAll
    static void load() {
        rules = MarketRules.load();
    }

    private static Standing admitted(String id) {
        return new Standing(id, Standing.Status.ADMITTED);
    }

    private static MeterHealth healthy(String id) {
        return new MeterHealth(id, "M-" + id, Duration.ofSeconds(5), Duration.ZERO);
    }

    @Test
    void aParticipantThatAsksToLeaveIsDelisted() {
        List<Finding> f = rules.checkDelisting(List.of(admitted("A")), List.of(healthy("A")),
                List.of(new DelistingRequest("A", "moving house")), POLICY);

        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.rule()).isEqualTo("DelistOnRequest");
            assertThat(x.failed()).isTrue();
            assertThat(x.reason()).contains("moving house");
        });
    }

    @Test
    void aMeterSilentLongerThanTheLimitDelistsItsParticipant() {
        List<Finding> f = rules.checkDelisting(List.of(admitted("A")),
                List.of(new MeterHealth("A", "M-A", Duration.ofMinutes(31), Duration.ZERO)), List.of(), POLICY);

        assertThat(f).extracting(Finding::rule).containsExactly("DelistSilentMeter");
        assertThat(f.getFirst().reason()).isEqualTo("meter M-A has been silent for PT31M, longer than the limit of PT30M");
    }

    @Test
    void aMeterSilentForExactlyTheLimitIsKept() {
        List<Finding> f = rules.checkDelisting(List.of(admitted("A")),
                List.of(new MeterHealth("A", "M-A", Duration.ofMinutes(30), Duration.ZERO)), List.of(), POLICY);

        assertThat(f).extracting(Finding::rule).containsExactly("KeepListed");
        assertThat(f.getFirst().failed()).isFalse();
    }

    @Test
    void badDataForLongerThanTheLimitDelistsItsParticipant() {
        List<Finding> f = rules.checkDelisting(List.of(admitted("A"), admitted("B")),
                List.of(new MeterHealth("A", "M-A", Duration.ofSeconds(3), Duration.ofHours(3)), healthy("B")), List.of(), POLICY);

        assertThat(f).extracting(Finding::subject, Finding::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("A", "DelistMeterWithBadData"),
                        org.assertj.core.groups.Tuple.tuple("B", "KeepListed"));
    }

    @Test
    void aParticipantAlreadyDelistedIsNotDelistedAgain() {
        List<Finding> f = rules.checkDelisting(List.of(new Standing("A", Standing.Status.DELISTED)),
                List.of(new MeterHealth("A", "M-A", Duration.ofDays(3), Duration.ZERO)), List.of(new DelistingRequest("A", "again")), POLICY);

        assertThat(f).isEmpty();
    }
}
