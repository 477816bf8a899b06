package com.greenex.portal.dashboard;

import com.greenex.portal.base.ui.Svg;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DashboardPiecesTest {

    @Test
    void batteriesAreCountedPerTenPercentBandWithTheEndsInTheEndBands() {
        List<Svg.Point> bands = SocHistogram.of(List.of(new BigDecimal("0"), new BigDecimal("9.99"), new BigDecimal("10"), new BigDecimal("55"),
                new BigDecimal("99.9"), new BigDecimal("100"), new BigDecimal("-0.5"), new BigDecimal("104")));
        assertThat(bands).hasSize(10);
        assertThat(bands.get(0).label()).isEqualTo("0–10%");
        assertThat(bands.get(0).value()).isEqualByComparingTo("3");
        assertThat(bands.get(1).value()).isEqualByComparingTo("1");
        assertThat(bands.get(5).value()).isEqualByComparingTo("1");
        assertThat(bands.get(9).label()).isEqualTo("90–100%");
        assertThat(bands.get(9).value()).isEqualByComparingTo("3");
        assertThat(bands.stream().map(Svg.Point::value).reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo("8");
    }

    @Test
    void noBatteryGivesTenEmptyBands() {
        assertThat(SocHistogram.of(List.of())).hasSize(10).allSatisfy(p -> assertThat(p.value()).isZero());
    }

    @Test
    void thresholdsMustMakeSense() {
        assertThatThrownBy(() -> new DashboardProperties(Duration.ZERO, Duration.ofMinutes(2))).hasMessageContaining("greenex.dashboard.silent-after");
        assertThatThrownBy(() -> new DashboardProperties(Duration.ofSeconds(60), Duration.ofSeconds(-1)))
                .hasMessageContaining("greenex.dashboard.settlement-lag-alarm");
    }
}
