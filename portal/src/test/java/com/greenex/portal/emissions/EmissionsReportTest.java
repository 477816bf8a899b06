package com.greenex.portal.emissions;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The report's arithmetic and its CSV, by hand; the factors' settings refused when missing or absurd. */
class EmissionsReportTest {

    private final EmissionsProperties factors = new EmissionsProperties(new BigDecimal("0.5"), "grid 2022", new BigDecimal("0.6"), "residual 2022", List.of());
    private final EmissionsReport reports = new EmissionsReport(null, factors, Clock.systemUTC());
    private final LocalDate jan1 = LocalDate.parse("2026-01-01");
    private final LocalDate jan31 = LocalDate.parse("2026-01-31");

    private static BigDecimal kwh(String v) {
        return new BigDecimal(v);
    }

    @Test
    void certificatesBeyondWhatWasPurchasedCoverNoMoreThanIt() {
        // 4 kWh market + 1 kWh grid purchased; 10 kWh of certificates retired: 5 certified, market-based 0.
        EmissionsReport.Report r = reports.compute("P", jan1, jan31, kwh("4"), kwh("2"), kwh("1"), kwh("0"), List.of(7L), kwh("10"));
        assertThat(r.consumptionKwh()).isEqualByComparingTo("7");
        assertThat(r.certifiedKwh()).isEqualByComparingTo("5");
        assertThat(r.marketBasedKg()).isEqualByComparingTo("0");
        assertThat(r.locationBasedKg()).isEqualByComparingTo("2.5"); // 5 x 0.5
        assertThat(r.certifiedSharePercent()).isEqualByComparingTo("71.4"); // 5 / 7
        assertThat(r.marketSharePercent()).isEqualByComparingTo("57.1"); // 4 / 7
    }

    @Test
    void withoutCertificatesTheMarketsEnergyCountsAtTheResidualMix() {
        EmissionsReport.Report r = reports.compute("P", jan1, jan31, kwh("10"), kwh("0"), kwh("0"), kwh("3"), List.of(), kwh("0"));
        assertThat(r.marketBasedKg()).isEqualByComparingTo("6"); // 10 x 0.6
        assertThat(r.locationBasedKg()).isEqualByComparingTo("5"); // 10 x 0.5
        assertThat(r.avoidedKg()).isEqualByComparingTo("1.5"); // 3 x 0.5
        assertThat(r.marketBasedKg().scale()).isEqualTo(3);
    }

    @Test
    void nothingConsumedHasNoShares() {
        EmissionsReport.Report r = reports.compute("P", jan1, jan31, kwh("0"), kwh("0"), kwh("0"), kwh("5"), List.of(), kwh("0"));
        assertThat(r.marketSharePercent()).isNull();
        assertThat(r.certifiedSharePercent()).isNull();
        assertThat(EmissionsReport.csv(r)).contains("green_share_market,,%\r\n").contains("residual_mix_factor,0.6,kg CO2/kWh: residual 2022\r\n");
    }

    @Test
    void theFactorsMustBeGivenWithTheirSources() {
        assertThatThrownBy(() -> new EmissionsProperties(null, "s", BigDecimal.ONE, "s", List.of()))
                .hasMessage("greenex.emissions.location-factor is required (kg CO2 per kWh)");
        assertThatThrownBy(() -> new EmissionsProperties(BigDecimal.ONE, " ", BigDecimal.ONE, "s", List.of()))
                .hasMessageStartingWith("greenex.emissions.location-source is required");
        assertThatThrownBy(() -> new EmissionsProperties(BigDecimal.ONE, "s", new BigDecimal("570"), "s", List.of()))
                .hasMessage("greenex.emissions.residual-factor must be between 0 and 5 kg CO2 per kWh, got 570");
    }

    @Test
    void aPdfWithoutAFontThatShowsChineseIsRefusedNamingWhatToInstall() {
        assertThatThrownBy(() -> EmissionsPdf.font(List.of(Path.of("/nonexistent/font.ttc"))))
                .hasMessageContaining("fonts-wqy-zenhei").hasMessageContaining("greenex.emissions.fonts");
    }
}
