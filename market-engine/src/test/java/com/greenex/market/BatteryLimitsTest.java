package com.greenex.market;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Storage first within the battery's limits (market-model.md, "Battery limits"). */
class BatteryLimitsTest {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private final MarketEngine engine = new MarketEngine();

    private static BigDecimal d(String v) {
        return new BigDecimal(v);
    }

    private static Interval interval(Participant... ps) {
        return new Interval("limits", d("0.40"), d("1.10"), d("0.01"), List.of(ps));
    }

    @Test
    void aChargeLimitSendsTheRestOfAnUnsoldSurplusToTheGridAtFeedIn() {
        // 8 kWh surplus over a quarter hour, 2 kWh sold; the battery takes at most 5 kW × 0.25 h = 1.25 kWh.
        Battery limited = new Battery(d("50"), d("50"), BigDecimal.ZERO, HUNDRED, d("1.25"), null, BigDecimal.ONE);
        MarketResult r = engine.clear(interval(new Participant("S", Side.SELL, d("8"), limited, null), Participant.of("B", Side.BUY, d("2"))));
        ParticipantResult s = r.participant("S").orElseThrow();
        assertThat(s.marketKwh()).isEqualByComparingTo("2");
        assertThat(s.batteryKwh()).isEqualByComparingTo("1.25");
        assertThat(s.gridKwh()).isEqualByComparingTo("4.75");
        assertThat(s.gridAmount()).isEqualByComparingTo("1.9"); // 4.75 kWh × 0.40
        assertThat(s.socPercentAfter()).isEqualByComparingTo("52.5");
    }

    @Test
    void aDischargeLimitAndAnSocFloorLeaveTheRestOfADeficitToTheGrid() {
        Battery floor = new Battery(d("10"), d("30"), d("20"), d("95"), null, d("5"), BigDecimal.ONE);
        ParticipantResult b = engine.clear(interval(new Participant("B", Side.BUY, d("3"), floor, null))).participant("B").orElseThrow();
        assertThat(b.batteryKwh()).as("only down to the 20 %% floor: 1 kWh").isEqualByComparingTo("1");
        assertThat(b.gridKwh()).isEqualByComparingTo("2");
        assertThat(b.socPercentAfter()).isEqualByComparingTo("20");
    }

    @Test
    void chargingLosesTheRoundTripEfficiencyAndStopsAtTheCeiling() {
        Battery lossy = new Battery(d("10"), d("90"), BigDecimal.ZERO, d("95"), null, null, d("0.9"));
        // 0.5 kWh of room at 95 %: it takes 0.5 / 0.9 = 0.555555 kWh (floored to the mWh) from the surplus.
        assertThat(lossy.chargeableKwh()).isEqualByComparingTo("0.555555");
        ParticipantResult s = engine.clear(interval(new Participant("S", Side.SELL, d("2"), lossy, null))).participant("S").orElseThrow();
        assertThat(s.batteryKwh()).isEqualByComparingTo("0.555555");
        assertThat(s.gridKwh()).isEqualByComparingTo("1.444445");
        assertThat(s.socPercentAfter()).isLessThanOrEqualTo(d("95")).isGreaterThan(d("94.9999"));
    }

    @Test
    void aBatteryOutsideItsLimitsNeitherChargesNorDischargesBeyondThem() {
        assertThat(new Battery(d("10"), d("5"), d("10"), HUNDRED, null, null, BigDecimal.ONE).dischargeableKwh()).isZero();
        assertThat(new Battery(d("10"), d("99"), BigDecimal.ZERO, d("95"), null, null, BigDecimal.ONE).chargeableKwh()).isZero();
    }

    @Test
    void thePapersBatteryIsUnchanged() {
        Battery paper = new Battery(d("50"), d("40"));
        assertThat(paper.ideal()).isTrue();
        assertThat(paper.chargeableKwh()).isEqualByComparingTo("30");
        assertThat(paper.dischargeableKwh()).isEqualByComparingTo("20");
    }

    @Test
    void badLimitsAreNamed() {
        assertThatThrownBy(() -> new Participant("S", Side.SELL, BigDecimal.ONE,
                new Battery(d("10"), d("50"), d("60"), d("40"), null, null, BigDecimal.ONE), null))
                .hasMessageContaining("S").hasMessageContaining("the floor not above the ceiling");
        assertThatThrownBy(() -> new Participant("S", Side.SELL, BigDecimal.ONE,
                new Battery(d("10"), d("50"), BigDecimal.ZERO, HUNDRED, null, null, d("1.2")), null))
                .hasMessageContaining("roundTripEfficiency");
    }
}
