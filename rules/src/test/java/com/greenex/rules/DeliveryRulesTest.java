package com.greenex.rules;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryRulesTest {

    private static final MarketRules RULES = MarketRules.load();

    @Test
    void aBatteryOffItsScheduleIsFlaggedWithItsDeviationAndOneOnItPasses() {
        List<Finding> f = RULES.checkDelivery(List.of(
                new BatteryDelivery("7", "P-1", "B-1", new BigDecimal("1.25"), new BigDecimal("0.5"), new BigDecimal("0.2")),
                new BatteryDelivery("7", "P-2", "B-2", new BigDecimal("-2"), new BigDecimal("-1.9"), new BigDecimal("0.2"))));
        assertThat(f).filteredOn(Finding::failed).singleElement().satisfies(x -> {
            assertThat(x.topic()).isEqualTo(Finding.Topic.DELIVERY);
            assertThat(x.subject()).isEqualTo("P-1@7");
            assertThat(x.rule()).isEqualTo("BatteryFollowsItsSetpoint");
            assertThat(x.reason()).isEqualTo("battery B-1 was scheduled to store 1.25 kWh but its SOC moved by 0.5 kWh: off by -0.75 kWh (tolerance 0.2)");
        });
        assertThat(f).filteredOn(x -> !x.failed()).extracting(Finding::subject).containsExactly("P-2@7");
    }
}
