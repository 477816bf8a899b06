package com.greenex.portal.market;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MarketPropertiesTest {

    private static MarketProperties with(Duration length, String feedIn, String retail, String tick, int batch) {
        return new MarketProperties(length, Duration.ZERO, Duration.ZERO, Duration.ZERO, new BigDecimal(feedIn), new BigDecimal(retail), new BigDecimal(tick),
                null, null, batch, new BigDecimal("0.001"));
    }

    @Test
    void thePapersValuesAreAccepted() {
        MarketProperties p = with(Duration.ofMinutes(15), "0.40", "1.10", "0.01", 2000);
        assertThat(p.intervalLength()).isEqualTo(Duration.ofMinutes(15));
        assertThat(p.imbalanceShortfallPrice()).as("a shortfall is bought at retail unless set").isEqualByComparingTo("1.10");
        assertThat(p.imbalanceExcessPrice()).as("an excess is sold at feed-in unless set").isEqualByComparingTo("0.40");
    }

    @Test
    void theLeastTradableEnergyIsBetweenNothingAndOneKwh() {
        assertThat(with(Duration.ofMinutes(15), "0.40", "1.10", "0.01", 2000).minTradableKwh()).isEqualByComparingTo("0.001");
        assertThatThrownBy(() -> new MarketProperties(Duration.ofMinutes(15), Duration.ZERO, Duration.ZERO, Duration.ZERO, new BigDecimal("0.40"),
                new BigDecimal("1.10"), new BigDecimal("0.01"), null, null, 2000, new BigDecimal("-0.001")))
                .hasMessageContaining("greenex.market.min-tradable-kwh");
    }

    @Test
    void theGateClosesBeforeTheStartWithinTheInterval() {
        assertThat(MarketProperties.of(Duration.ofMinutes(15), Duration.ofMinutes(5), Duration.ofMinutes(1)).gateLead()).isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> MarketProperties.of(Duration.ofMinutes(15), Duration.ofMinutes(15), Duration.ZERO))
                .hasMessageContaining("greenex.market.gate-lead").hasMessageContaining("shorter than the interval");
        assertThatThrownBy(() -> MarketProperties.of(Duration.ofMinutes(15), Duration.ofMinutes(-1), Duration.ZERO))
                .hasMessageContaining("greenex.market.gate-lead");
        assertThatThrownBy(() -> MarketProperties.of(Duration.ofMinutes(15), Duration.ZERO, Duration.ofSeconds(-1)))
                .hasMessageContaining("greenex.market.metering-grace");
        assertThatThrownBy(() -> new MarketProperties(Duration.ofMinutes(15), Duration.ofMinutes(5), Duration.ofMinutes(6), Duration.ZERO,
                BigDecimal.ONE, BigDecimal.TEN, BigDecimal.ONE, null, null, 1, new BigDecimal("0.001")))
                .hasMessageContaining("greenex.market.dispatch-lead").hasMessageContaining("no longer than the gate lead");
    }

    @Test
    void eachBadSettingIsRefusedByName() {
        assertThatThrownBy(() -> with(Duration.ZERO, "0.40", "1.10", "0.01", 2000)).hasMessageContaining("greenex.market.interval-length");
        assertThatThrownBy(() -> with(Duration.ofMillis(1500), "0.40", "1.10", "0.01", 2000))
                .hasMessageContaining("whole number of seconds").hasMessageContaining("PT1.5S");
        assertThatThrownBy(() -> with(Duration.ofMinutes(15), "1.10", "1.10", "0.01", 2000))
                .hasMessageContaining("greenex.market.grid-feed-in-price (1.10) must be below greenex.market.grid-retail-price (1.10)");
        assertThatThrownBy(() -> with(Duration.ofMinutes(15), "0.40", "1.10", "0", 2000)).hasMessageContaining("greenex.market.price-tick");
        assertThatThrownBy(() -> with(Duration.ofMinutes(15), "0.40", "1.10", "0.01", 0)).hasMessageContaining("greenex.market.settlement-batch-size");
    }
}
