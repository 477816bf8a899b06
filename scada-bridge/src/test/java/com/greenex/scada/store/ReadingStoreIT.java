package com.greenex.scada.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadingStoreIT {

    private static final long BAD_COMMUNICATION_ERROR = 0x80050000L;
    private static final long UNCERTAIN_LAST_USABLE = 0x40900000L;

    private TestDatabase db;
    private ReadingStore store;

    @BeforeAll
    void start() throws Exception {
        db = TestDatabase.start(4);
        db.seedPoints(10);
        store = new ReadingStore(db.dataSource);
    }

    @AfterAll
    void stop() throws Exception {
        db.close();
    }

    @Test
    void aBatchResentAfterAReconnectIsStoredOnce() throws SQLException {
        Instant t = Instant.parse("2026-11-20T08:00:00.123456Z");
        List<Reading> batch = List.of(
                new Reading(1, t, t.plusMillis(3), new BigDecimal("4.125"), 0),
                new Reading(1, t.plusSeconds(1), t.plusSeconds(1), new BigDecimal("4.250"), 0),
                new Reading(2, t, null, new BigDecimal("-1.5"), 0));

        assertThat(store.write(batch)).isEqualTo(3);
        assertThat(store.write(batch)).isZero();
        assertThat(db.count("SELECT count(*) FROM readings WHERE source_time::date = '2026-11-20'")).isEqualTo(3);
        assertThat(db.count("SELECT count(*) FROM pg_class WHERE relname = 'readings_20261120'")).isEqualTo(1);
    }

    @Test
    void badAndUncertainValuesAreStoredAsSuchWithTheirStatus() throws SQLException {
        Instant t = Instant.parse("2026-11-21T09:00:00Z");
        store.write(List.of(
                new Reading(3, t, t, null, BAD_COMMUNICATION_ERROR),
                new Reading(3, t.plusSeconds(1), t, new BigDecimal("7"), UNCERTAIN_LAST_USABLE)));

        assertThat(db.count("SELECT count(*) FROM readings WHERE point_id = 3 AND quality = 'BAD' AND value IS NULL")).isEqualTo(1);
        assertThat(db.count("SELECT status_code FROM readings WHERE point_id = 3 AND quality = 'UNCERTAIN'")).isEqualTo(UNCERTAIN_LAST_USABLE);
    }

    @Test
    void latestValueMovesForwardOnlyWithANewerReading() throws SQLException {
        Instant t = Instant.parse("2026-11-22T10:00:00Z");
        store.write(List.of(new Reading(4, t, t, new BigDecimal("1"), 0), new Reading(4, t.plusSeconds(5), t, new BigDecimal("2"), 0)));
        store.write(List.of(new Reading(4, t.plusSeconds(2), t, new BigDecimal("99"), 0))); // late arrival, older

        Map<Long, Reading> latest = store.latest(List.of(4L, 5L));

        assertThat(latest).containsOnlyKeys(4L);
        assertThat(latest.get(4L).value()).isEqualByComparingTo("2");
        assertThat(latest.get(4L).sourceTime()).isEqualTo(t.plusSeconds(5));
        assertThat(db.count("SELECT count(*) FROM readings WHERE point_id = 4")).isEqualTo(3);
    }

    @Test
    void aBatchWithAnUnknownPointStoresNothingAndSaysWhy() throws SQLException {
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        List<Reading> batch = new ArrayList<>();
        batch.add(new Reading(6, t, t, BigDecimal.ONE, 0));
        batch.add(new Reading(999_999, t, t, BigDecimal.ONE, 0));

        assertThatThrownBy(() -> store.write(batch)).isInstanceOf(SQLException.class).hasMessageContaining("readings_point_id_fkey");
        assertThat(db.count("SELECT count(*) FROM readings WHERE point_id = 6")).isZero();
        assertThat(store.latest(List.of(6L))).isEmpty();
    }

    @Test
    void aGoodReadingWithoutAValueIsRefusedBeforeItReachesTheDatabase() {
        assertThatThrownBy(() -> new Reading(1, Instant.EPOCH, null, null, 0))
                .hasMessageContaining("a GOOD reading needs a value");
    }
}
