package com.greenex.settlement;

import com.greenex.settlement.CertificateAccrual.Certificate;
import com.greenex.settlement.CertificateAccrual.Result;
import com.greenex.settlement.CertificateAccrual.Slice;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class CertificateAccrualTest {

    static Slice slice(long interval, long seq, String kwh) {
        return new Slice(interval, seq, new BigDecimal(kwh));
    }

    @Test
    void energyBelowOneMegawattHourIsCarriedForward() {
        Result r = CertificateAccrual.accrue("B1", List.of(), List.of(slice(1, 0, "600"), slice(1, 3, "250.5")));

        assertThat(r.certificates()).isEmpty();
        assertThat(r.carriedKwh()).isEqualByComparingTo("850.5");
    }

    @Test
    void aCertificateIsIssuedWhenTheCarriedEnergyCrossesAMegawattHourAndSaysWhichTradesMadeIt() {
        Result first = CertificateAccrual.accrue("B1", List.of(), List.of(slice(1, 0, "600"), slice(1, 3, "250.5")));
        Result second = CertificateAccrual.accrue("B1", first.carried(), List.of(slice(2, 7, "400")));

        assertThat(second.certificates()).singleElement().satisfies(c -> {
            assertThat(c.sources()).containsExactly(slice(1, 0, "600"), slice(1, 3, "250.5"), slice(2, 7, "149.5"));
        });
        assertThat(second.carried()).containsExactly(slice(2, 7, "250.5"));
    }

    @Test
    void energyIsConservedAndEveryCertificateHoldsExactlyOneMegawattHour() {
        Random rnd = new Random(3);
        List<Slice> carried = List.of();
        BigDecimal bought = BigDecimal.ZERO;
        int issued = 0;
        for (int interval = 1; interval <= 200; interval++) {
            List<Slice> trades = new ArrayList<>();
            for (int t = 0; t < 1 + rnd.nextInt(4); t++) {
                BigDecimal kwh = BigDecimal.valueOf(1 + rnd.nextInt(900_000_000), 6);
                trades.add(new Slice(interval, t, kwh));
                bought = bought.add(kwh);
            }
            Result r = CertificateAccrual.accrue("B1", carried, trades);
            for (Certificate c : r.certificates()) {
                assertThat(c.sources().stream().map(Slice::energyKwh).reduce(BigDecimal.ZERO, BigDecimal::add))
                        .isEqualByComparingTo(CertificateAccrual.KWH_PER_CERTIFICATE);
            }
            issued += r.certificates().size();
            carried = r.carried();
            assertThat(r.carriedKwh()).isLessThan(CertificateAccrual.KWH_PER_CERTIFICATE);
        }
        BigDecimal carriedKwh = carried.stream().map(Slice::energyKwh).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(CertificateAccrual.KWH_PER_CERTIFICATE.multiply(BigDecimal.valueOf(issued)).add(carriedKwh)).isEqualByComparingTo(bought);
        assertThat(issued).isPositive();
    }
}
