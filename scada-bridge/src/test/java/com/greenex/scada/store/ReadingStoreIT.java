package com.greenex.scada.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadingStoreIT {

    private static final long BAD_COMMUNICATION_ERROR = 0x80050000L;
    private static final long UNCERTAIN_LAST_USABLE = 0x40900000L;

    private StoreDatabase db;
    private ReadingStore store;

    @BeforeAll
    void start() throws Exception {
        db = StoreDatabase.start(4);
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
    void aBatchThatOverlapsWhatIsStoredKeepsOnlyTheNewReadings() throws SQLException {
        Instant t = Instant.parse("2026-11-19T08:00:00Z");
        store.write(List.of(new Reading(7, t, t, BigDecimal.ONE, 0)));

        int inserted = store.write(List.of(
                new Reading(7, t, t, BigDecimal.ONE, 0),
                new Reading(7, t.plusSeconds(1), t, BigDecimal.TWO, 0),
                new Reading(7, t.plusSeconds(1), t, BigDecimal.TWO, 0)));

        assertThat(inserted).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM readings WHERE point_id = 7")).isEqualTo(2);
        assertThat(store.latest(List.of(7L)).get(7L).value()).isEqualByComparingTo("2");
    }

    @Test
    void writersStartingNewDaysAtOnceDoNotTripOverEachOther() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                results.add(pool.submit(() -> {
                    int n = 0;
                    for (int day = 0; day < 5; day++) {
                        Instant t = Instant.parse("2026-12-01T00:00:00Z").plus(Duration.ofDays(day)).plusSeconds(writer);
                        n += store.write(List.of(new Reading(8, t, t, BigDecimal.ONE, 0)));
                    }
                    return n;
                }));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get()).isEqualTo(5);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(db.count("SELECT count(*) FROM readings WHERE point_id = 8")).isEqualTo(20);
        assertThat(db.count("SELECT count(*) FROM pg_class WHERE relkind = 'r' AND relname LIKE 'readings_202612%'")).isEqualTo(5);
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
    void latestReadingsLagByAtMostTheFlushIntervalAndReadersOfThisStoreSeeTheirWrites() throws SQLException {
        ReadingStore lazy = new ReadingStore(db.dataSource, Duration.ofHours(1));
        Instant t = Instant.parse("2026-11-22T12:00:00Z");
        lazy.write(List.of(new Reading(9, t, t, new BigDecimal("3"), 0)));

        assertThat(db.count("SELECT count(*) FROM latest_readings WHERE point_id = 9")).isZero();
        assertThat(lazy.latest(List.of(9L)).get(9L).value()).isEqualByComparingTo("3");
        assertThat(db.count("SELECT count(*) FROM latest_readings WHERE point_id = 9")).isEqualTo(1);

        lazy.write(List.of(new Reading(9, t.plusSeconds(1), t, new BigDecimal("4"), 0)));
        lazy.close();
        assertThat(store.latest(List.of(9L)).get(9L).value()).isEqualByComparingTo("4");
    }

    @Test
    void aBatchWithAnUnknownPointStoresNothingAndSaysWhy() throws SQLException {
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        List<Reading> batch = new ArrayList<>();
        batch.add(new Reading(6, t, t, BigDecimal.ONE, 0));
        batch.add(new Reading(999_999, t, t, BigDecimal.ONE, 0));

        assertThatThrownBy(() -> store.write(batch)).isInstanceOf(SQLException.class).hasMessageContaining("point 999999 does not exist");
        assertThat(db.count("SELECT count(*) FROM readings WHERE point_id = 6")).isZero();
        assertThat(store.latest(List.of(6L))).isEmpty();
    }

    @Test
    void aGoodReadingWithoutAValueIsRefusedBeforeItReachesTheDatabase() {
        assertThatThrownBy(() -> new Reading(1, Instant.EPOCH, null, null, 0))
                .hasMessageContaining("a GOOD reading needs a value");
    }

    @Test
    void daysOlderThanTheRetentionAreRolledUpTo15MinutesAndDropped() throws SQLException {
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        Instant old = today.minusDays(20).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().plus(Duration.ofHours(9));
        Instant recent = today.minusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().plus(Duration.ofHours(9));
        java.util.List<Reading> rs = new java.util.ArrayList<>();
        for (int s = 0; s < 900; s += 60) { // 15 readings in one quarter hour: 0..14 kW, one BAD
            rs.add(new Reading(3, old.plusSeconds(s), null, BigDecimal.valueOf(s / 60), s == 120 ? 0x80000000L : 0));
        }
        rs.set(2, new Reading(3, old.plusSeconds(120), null, null, 0x80000000L));
        rs.add(new Reading(3, recent, null, BigDecimal.ONE, 0));
        new ReadingStore(db.dataSource).write(rs);
        String oldDay = "readings_" + today.minusDays(20).toString().replace("-", "");
        // The running sums (V21) of the old quarter hour's three 5-minute buckets: the good values 0, 1, 3..14.
        assertThat(db.count("SELECT sum(samples) * 1000 + sum(total) FROM reading_sums WHERE point_id = 3 AND bucket_start >= '" + old + "' "
                + "AND bucket_start < '" + old.plusSeconds(900) + "'")).isEqualTo(14_103);

        int dropped = new ReadingRetention(db.dataSource).retire(Duration.ofDays(14));

        assertThat(dropped).isGreaterThanOrEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM pg_class WHERE relname = '" + oldDay + "'")).as("the old day is gone").isZero();
        assertThat(db.count("SELECT count(*) FROM readings WHERE point_id = 3 AND source_time = '" + recent + "'")).as("the recent day stays").isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM reading_sums WHERE point_id = 3 AND bucket_start < '" + recent.minus(Duration.ofDays(1)) + "'"))
                .as("the old day's running sums went with it").isZero();
        assertThat(db.count("SELECT samples FROM reading_sums WHERE point_id = 3 AND bucket_start = '" + recent + "'")).as("the recent day's stay").isEqualTo(1);
        assertThat(db.count("SELECT samples * 1000 + bad_samples FROM readings_15m WHERE point_id = 3 AND bucket_start = '" + old + "'")).isEqualTo(15_001);
        // Good values 0, 1, 3..14: average 103 / 14 = 7.357143, min 0, max 14, last 14.
        assertThat(db.count("SELECT (avg_value * 1000)::bigint FROM readings_15m WHERE point_id = 3 AND bucket_start = '" + old + "'")).isEqualTo(7357);
        assertThat(db.count("SELECT (min_value * 100 + max_value * 10 + last_value)::bigint FROM readings_15m WHERE point_id = 3 AND bucket_start = '" + old + "'"))
                .isEqualTo(154);
        assertThat(new ReadingRetention(db.dataSource).retire(Duration.ofDays(14))).as("nothing twice").isZero();
    }
}
