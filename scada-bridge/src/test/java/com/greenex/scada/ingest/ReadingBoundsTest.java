package com.greenex.scada.ingest;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ReadingBoundsTest {

    private static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");

    @Test
    void aReadingWithinBoundsIsStoredAsItCame() {
        ReadingBounds.Bounded b = ReadingBounds.check(NOW.minusSeconds(5), NOW, new BigDecimal("3.5"), 0);
        assertThat(b).isEqualTo(new ReadingBounds.Bounded(NOW.minusSeconds(5), new BigDecimal("3.5"), 0, null));
    }

    @Test
    void aSourceTimeIn1601IsStoredBadAtItsArrival() {
        ReadingBounds.Bounded b = ReadingBounds.check(Instant.parse("1601-01-01T00:00:00Z"), NOW, BigDecimal.ONE, 0);
        assertThat(b.sourceTime()).isEqualTo(NOW);
        assertThat(b.statusCode()).isEqualTo(ReadingBounds.BAD_INVALID_TIMESTAMP);
        assertThat(b.problem()).startsWith("source time 1601-01-01T00:00:00Z is outside");
        assertThat(ReadingBounds.check(NOW.plusSeconds(7200), NOW, BigDecimal.ONE, 0).statusCode()).isEqualTo(ReadingBounds.BAD_INVALID_TIMESTAMP);
    }

    @Test
    void aValueBeyondTheStoreIsDroppedAndMarkedBad() {
        ReadingBounds.Bounded b = ReadingBounds.check(NOW, NOW, new BigDecimal("1E20"), 0);
        assertThat(b.value()).isNull();
        assertThat(b.statusCode()).isEqualTo(ReadingBounds.BAD_OUT_OF_RANGE);
        assertThat(b.problem()).contains("1E+20").contains("beyond");
        assertThat(ReadingBounds.check(NOW, NOW, new BigDecimal("-99999999999999.999999"), 0).statusCode()).isZero();
    }
}
