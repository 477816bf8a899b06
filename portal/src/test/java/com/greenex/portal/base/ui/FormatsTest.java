package com.greenex.portal.base.ui;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class FormatsTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void anAgeIsSecondsThenMinutesThenHours() {
        assertThat(Formats.age(null, NOW)).isEqualTo("–");
        assertThat(Formats.age(NOW, NOW)).isEqualTo("0 s");
        assertThat(Formats.age(NOW.minusSeconds(119), NOW)).isEqualTo("119 s");
        assertThat(Formats.age(NOW.minusSeconds(120), NOW)).isEqualTo("2 min");
        assertThat(Formats.age(NOW.minusSeconds(7199), NOW)).isEqualTo("119 min");
        assertThat(Formats.age(NOW.minusSeconds(7200), NOW)).isEqualTo("2 h");
        assertThat(Formats.age(NOW.plusSeconds(5), NOW)).as("a clock ahead of ours is not a negative age").isEqualTo("0 s");
    }

    @Test
    void energyAndMoneyAreRoundedAsABillIs() {
        assertThat(Formats.kwhShort(null)).isEqualTo("–");
        assertThat(Formats.kwhShort(new BigDecimal("2.25"))).isEqualTo("2.3");
        assertThat(Formats.kwh(new BigDecimal("1.0005"))).isEqualTo("1.001");
        assertThat(Formats.money(new BigDecimal("0.125"))).as("half-even").isEqualTo("0.12");
        assertThat(Formats.money(new BigDecimal("0.135"))).isEqualTo("0.14");
    }

    @Test
    void aHashIsShortenedToItsEnds() {
        assertThat(Formats.short0x("0x1234567890abcdef")).isEqualTo("0x12345678…cdef");
        assertThat(Formats.short0x("0x1234")).isEqualTo("0x1234");
    }

    @Test
    void pricesAreOnTheTickAndEnergyInKwhOrWhWhenSmaller() {
        assertThat(Formats.price(new BigDecimal("0.680000"))).isEqualTo("0.68");
        assertThat(Formats.price(new BigDecimal("1.1"))).isEqualTo("1.10");
        assertThat(Formats.price(new BigDecimal("0.655000"))).as("a finer price is never rounded away").isEqualTo("0.655");
        assertThat(Formats.price(null)).isEqualTo("–");
        assertThat(Formats.energy(new BigDecimal("3.000000"))).isEqualTo("3.000 kWh");
        assertThat(Formats.energy(new BigDecimal("0.000400"))).isEqualTo("0.4 Wh");
        assertThat(Formats.energy(new BigDecimal("-0.0002"))).isEqualTo("-0.2 Wh");
        assertThat(Formats.energy(BigDecimal.ZERO)).isEqualTo("0.000 kWh");
    }
}
