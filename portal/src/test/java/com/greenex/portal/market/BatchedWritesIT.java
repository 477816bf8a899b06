package com.greenex.portal.market;

import com.greenex.portal.testing.TestPortal;
import com.greenex.scada.store.Reading;
import com.greenex.scada.store.ReadingStore;
import com.greenex.portal.trades.Settlement;
import com.greenex.settlement.SettlementVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The clearing's batched writes are complete and consistent (correctness, not time): for 6,000
 * prosumers (more rows than one JDBC batch) every position has its result, every participant's market
 * energy and amount are the sum of its trades, each position's energy is its market, battery and grid
 * parts, the trades are numbered without a gap, and after settlement every trade on chain is the
 * database's (trade by trade and by Merkle root) in as many batches as the batch size makes.
 */
class BatchedWritesIT {

    @TempDir
    Path dir;

    @Test
    void everyRowIsWrittenAndEveryTradeIsOnChainAsInTheDatabase() throws Exception {
        int n = 6_000;
        int batchSize = 500;
        try (TestPortal portal = TestPortal.plain(dir).interval(Duration.ofMinutes(15)).with("greenex.market.gate-lead", "PT5M")
                .with("greenex.market.settlement-batch-size", batchSize).start()) {
            JdbcClient jdbc = portal.jdbc();
            IntervalBenchmark.seed(jdbc, "Z-IT", n);
            Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(1));
            Instant gate = start.minus(Duration.ofMinutes(5));
            assertThat(IntervalBenchmark.readings(jdbc, "Z-IT", gate)).isEqualTo(3L * n * IntervalBenchmark.READINGS_PER_POINT);
            IntervalLifecycle.Interval iv = portal.bean(IntervalLifecycle.class).open("Z-IT", start, start.plus(Duration.ofMinutes(15)), gate);
            IntervalOutcome o = portal.bean(IntervalRunner.class).run(List.of("Z-IT"), iv);
            assertThat(o.state()).as(o.failureReason()).isEqualTo(IntervalState.CLEARED);
            long id = o.intervalId();

            long positions = count(jdbc, "SELECT count(*) FROM positions WHERE interval_id = ?", id);
            assertThat(positions).isGreaterThan(5_000).isLessThanOrEqualTo(n);
            assertThat(positions + o.skipped().size()).as("each prosumer has a position or a reason").isGreaterThanOrEqualTo(n - 100);
            assertThat(count(jdbc, "SELECT count(*) FROM positions WHERE interval_id = ? AND market_kwh IS NOT NULL AND market_amount IS NOT NULL", id))
                    .as("every position carries its result").isEqualTo(positions);
            assertThat(count(jdbc, "SELECT count(*) FROM positions WHERE interval_id = ? AND (rank IS NULL) <> (final_quote IS NULL)", id)).isZero();

            assertThat(o.trades()).isPositive();
            assertThat(jdbc.sql("SELECT count(*), count(DISTINCT seq), min(seq), max(seq) FROM trades WHERE interval_id = ?").param(id)
                    .query((rs, i) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(4) - rs.getLong(3) + 1)).single())
                    .as("trades numbered without a gap").containsExactly((long) o.trades(), (long) o.trades(), (long) o.trades());
            assertThat(count(jdbc, """
                    SELECT count(*) FROM positions r
                      LEFT JOIN (SELECT participant_id, sum(energy_kwh) AS kwh, sum(amount) AS amount
                                   FROM (SELECT seller_id AS participant_id, energy_kwh, amount FROM trades WHERE interval_id = ?
                                         UNION ALL SELECT buyer_id, energy_kwh, amount FROM trades WHERE interval_id = ?) t GROUP BY participant_id) t
                        ON t.participant_id = r.participant_id
                     WHERE r.interval_id = ? AND (r.market_kwh <> coalesce(t.kwh, 0) OR r.market_amount <> coalesce(t.amount, 0))""", id, id, id))
                    .as("each participant's market energy and amount are the sum of its trades").isZero();
            assertThat(count(jdbc, """
                    SELECT count(*) FROM positions p
                      LEFT JOIN grid_exchanges g ON g.interval_id = p.interval_id AND g.participant_id = p.participant_id
                      LEFT JOIN battery_dispatch b ON b.interval_id = p.interval_id AND b.participant_id = p.participant_id
                     WHERE p.interval_id = ? AND p.energy_kwh <> p.market_kwh + coalesce(g.energy_kwh, 0) + coalesce(b.energy_kwh, 0)""", id))
                    .as("each position is its market, battery and grid parts").isZero();
            assertThat(count(jdbc, "SELECT count(*) FROM battery_dispatch WHERE interval_id = ?", id)).isPositive();

            long batches = count(jdbc, "SELECT count(*) FROM settlement_batches WHERE interval_id = ?", id);
            assertThat(batches).isEqualTo((o.trades() + batchSize - 1) / batchSize).isEqualTo(o.settlementBatches());
            Settlement settlement = portal.bean(Settlement.class);
            for (int round = 0; round < 20 && count(jdbc, "SELECT count(*) FROM settlement_batches WHERE interval_id = ? AND state <> 'CONFIRMED'", id) > 0;
                 round++) {
                assertThat(settlement.sendAndConfirm().failed()).as(settlement.lastError() == null ? "" : settlement.lastError()).isZero();
            }
            assertThat(count(jdbc, "SELECT count(*) FROM settlement_batches WHERE interval_id = ? AND state = 'CONFIRMED'", id)).isEqualTo(batches);
            assertThat(portal.bean(SettlementVerifier.class).verifyInterval(id)).as("every trade on chain as in the database").isEmpty();
        }
    }

    /**
     * The readings' running sums (V21) give the gate positions the raw readings give, to the last digit:
     * readings written as the bridge writes them (batches through {@link ReadingStore}, COPY, a resend
     * through ON CONFLICT DO NOTHING), at uneven times, some BAD or UNCERTAIN, some points silent in the
     * window (their last good value before it counts) and some with no good value at all.
     */
    @Test
    void gatePositionsFromTheRunningSumsAreThoseOfTheReadingsThemselves() throws Exception {
        int n = 300;
        try (TestPortal portal = TestPortal.plain(dir).interval(Duration.ofMinutes(15)).with("greenex.market.gate-lead", "PT5M").start()) {
            JdbcClient jdbc = portal.jdbc();
            IntervalBenchmark.seed(jdbc, "Z-SUMS", n);
            Instant gate = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(1)).minus(Duration.ofMinutes(5));
            Instant from = gate.minus(Duration.ofMinutes(15));
            // The sums are laid on the market's windows at start (15 minutes, from a gate closure): the window is one bucket.
            GatePositions.SumGrid grid = portal.bean(GatePositions.class).grid();
            assertThat(grid.width()).isEqualTo(Duration.ofMinutes(15));
            assertThat(grid.since()).isBefore(from);
            assertThat(grid.buckets(from, gate)).isEqualTo(1);
            assertThat(grid.buckets(from.minus(Duration.ofMinutes(15)), gate)).isEqualTo(2);
            assertThat(grid.buckets(from.plusSeconds(30), gate.plusSeconds(30))).isZero();
            List<Long> points = jdbc.sql("SELECT p.id FROM points p WHERE p.substation_id = 'Z-SUMS' ORDER BY p.id").query(Long.class).list();
            java.util.Random random = new java.util.Random(17);
            ReadingStore store = new ReadingStore(portal.bean(javax.sql.DataSource.class), Duration.ofSeconds(1));
            List<Reading> all = new java.util.ArrayList<>();
            for (long point : points) {
                int kind = (int) (point % 10);
                if (kind == 0) {
                    continue; // never read
                }
                // kind 1: only before the window; kind 2: only BAD in it; the rest: uneven readings around and across it
                Instant t = from.minus(Duration.ofMinutes(10)).plusMillis(random.nextInt(20_000));
                Instant end = kind == 1 ? from : gate.plus(Duration.ofMinutes(3));
                while (t.isBefore(end)) {
                    long status = kind == 2 && !t.isBefore(from) ? 0x8000_0000L : switch (random.nextInt(12)) {
                        case 0 -> 0x8000_0000L;   // BAD
                        case 1 -> 0x4000_0000L;   // UNCERTAIN
                        default -> 0L;
                    };
                    BigDecimal value = status == 0x8000_0000L ? null : BigDecimal.valueOf(random.nextInt(2_000_000) - 500_000, 6);
                    all.add(new Reading(point, t, t, value, status));
                    t = t.plusMillis(1_000 + random.nextInt(60_000));
                }
            }
            java.util.Collections.shuffle(all, random);
            for (int i = 0; i < all.size(); i += 700) {
                store.write(all.subList(i, Math.min(all.size(), i + 700)));
            }
            store.write(all.subList(0, 900)); // a resend after a reconnect: nothing counted twice
            GatePositions positions = portal.bean(GatePositions.class);
            String[] zone = {"Z-SUMS"};
            Map<String, Map<String, BigDecimal>> fromSums = positions.fromSums(zone, from, gate);
            Map<String, Map<String, BigDecimal>> fromReadings = positions.fromReadings(zone, from, gate);
            assertThat(fromSums).hasSize(n).isEqualTo(fromReadings);
            // A window of two buckets (aggregated per point) also gives the readings' figures.
            assertThat(positions.fromSums(zone, from.minus(Duration.ofMinutes(15)), gate))
                    .isEqualTo(positions.fromReadings(zone, from.minus(Duration.ofMinutes(15)), gate));
            assertThatThrownBy(() -> positions.fromSums(zone, from.plusSeconds(30), gate.plusSeconds(30))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not whole buckets of the readings' sums");
            // The sums read in one part or in several (each on a connection of its own): the same figures.
            assertThat(positions.fromSums(zone, from, gate, 1)).isEqualTo(fromReadings);
            assertThat(positions.fromSums(zone, from, gate, 7)).isEqualTo(fromReadings);
            assertThatThrownBy(() -> positions.fromSums(zone, from, gate, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at least one part, not 0");
            assertThat(fromSums.values().stream().mapToInt(Map::size).sum()).isEqualTo(points.size());
            assertThat(fromSums.values()).as("some points have no good value at all").anyMatch(m -> m.containsValue(null));
            long silent = points.stream().filter(p -> p % 10 == 1).findFirst().orElseThrow();
            String[] silentPoint = jdbc.sql("SELECT participant_id, quantity FROM points WHERE id = ?").param(silent)
                    .query((rs, i) -> new String[] {rs.getString(1), rs.getString(2)}).single();
            assertThat(fromSums.get(silentPoint[0]).get(silentPoint[1])).as("a point silent in the window keeps its last good value before it")
                    .isEqualTo(jdbc.sql("SELECT value FROM readings WHERE point_id = ? AND status_code = 0 ORDER BY source_time DESC LIMIT 1")
                            .param(silent).query(BigDecimal.class).single());
            assertThat(count(jdbc, "SELECT sum(samples) FROM reading_sums s JOIN points p ON p.id = s.point_id WHERE p.substation_id = 'Z-SUMS'"))
                    .as("every good reading summed once").isEqualTo(all.stream().filter(r -> r.statusCode() == 0).count());
        }
    }

    private static long count(JdbcClient jdbc, String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }
}
