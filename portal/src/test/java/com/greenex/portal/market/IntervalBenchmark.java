package com.greenex.portal.market;

import com.greenex.portal.testing.TestPortal;
import com.greenex.portal.trades.ChainConfiguration;
import com.greenex.portal.trades.Settlement;
import com.greenex.settlement.ParticipantIndex;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.web3j.protocol.Web3j;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * One interval of N prosumers, from readings to settled on the chain, through the real code: N
 * admitted prosumers with meters and batteries, their PV, load and SOC readings over the quarter hour
 * before gate closure (30 a point: 9 million readings at 100,000) seeded into the embedded PostgreSQL;
 * then the interval cleared as the scheduler clears it (positions, rules, engine, storage-first check,
 * results + trades + settlement outbox committed) and its trades settled on the development chain
 * (anvil) until every batch is confirmed. Four intervals a size, one after the other: the first the JVM
 * clears at that size, then three as a market that runs clears every quarter hour; all are printed, the
 * median of the three kept. Before each gate closes the bulk load's background work (checkpoint,
 * autovacuum) is let finish, as the quarter hour over which readings arrive would have. Prints each stage's time, the total, the trades, the gas per trade and the
 * heap; writes the figures as CSV and an SVG curve (time against N).
 *
 * <p>{@code ./mvnw -q install -DskipTests && ./mvnw -q -pl portal -Pbench test-compile exec:exec
 * -Dbench.main=com.greenex.portal.market.IntervalBenchmark "-Dbench.args=1000 10000 100000" "-Dbench.jvm=-Xms2g -Xmx2g"}
 */
public final class IntervalBenchmark {

    /** Intervals cleared a size: the first (cold), then three as a running market clears them, their median kept. */
    static final int INTERVALS = 4;

    /** Readings per point over the quarter hour before gate closure (one every 30 s). */
    static final int READINGS_PER_POINT = 30;

    record Figures(int n, long readings, long positionsMs, long rulesMs, long engineMs, long persistMs, long clearingMs, int trades,
                   int batches, long settlementMs, long gasPerTrade, long heapPeakMiB) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--svg")) {
            // The curve again from figures already measured: --svg FIGURES.csv (written beside it).
            Path csv = Path.of(args[1]);
            List<Figures> measured = new ArrayList<>();
            for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
                long[] v = java.util.Arrays.stream(line.split(",")).mapToLong(Long::parseLong).toArray();
                measured.add(new Figures((int) v[0], v[1], v[2], v[3], v[4], v[5], v[6], (int) v[7], (int) v[8], v[9], v[10], v[11]));
            }
            Files.writeString(csv.resolveSibling("interval-scaling.svg"), svg(measured));
            return;
        }
        List<Integer> sizes = new ArrayList<>();
        for (String a : args) {
            sizes.add(Integer.parseInt(a));
        }
        if (sizes.isEmpty()) {
            sizes.addAll(List.of(1_000, 10_000, 100_000));
        }
        Path dir = Files.createTempDirectory("greenex-interval-bench-");
        List<Figures> all = new ArrayList<>();
        try (TestPortal portal = TestPortal.plain(dir).interval(Duration.ofMinutes(15)).with("greenex.market.gate-lead", "PT5M")
                // The positions' reads, each table's write, the outbox and the wait for the storage-first check, timed apart in the log.
                .with("logging.level.com.greenex.portal.market.IntervalRunner", "DEBUG")
                .with("logging.level.com.greenex.portal.market.GatePositions", "DEBUG").start()) {
            JdbcClient jdbc = portal.jdbc();
            System.out.printf(Locale.ROOT, "one interval from readings to settled on chain: %d cores, max heap %,d MiB, PostgreSQL 17 (embedded), anvil%n",
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
            Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(2));
            int k = 0;
            for (int n : sizes) {
                String zone = "BENCH-" + n;
                long seeded = seed(jdbc, zone, n);
                // Participants are named on chain once in their life (their first settled trade); a market that runs has named
                // them in earlier intervals: done here apart, and timed apart.
                long n0 = System.nanoTime();
                ParticipantIndex named = ParticipantIndex.load(portal.bean(Web3j.class), portal.bean(ChainConfiguration.Contracts.class).settlement());
                named.ensure(jdbc.sql("SELECT id FROM participants WHERE id LIKE ? ORDER BY id").param(zone + "-%").query(String.class).list(),
                        portal.bean(ChainConfiguration.Contracts.class).settlement());
                System.out.printf(Locale.ROOT, "N=%,d: %,d participants named on chain (once in their life) in %,d ms%n", n, named.size(),
                        (System.nanoTime() - n0) / 1_000_000);
                // INTERVALS intervals of this size, one after the other: the first one the JVM clears at this size (cold), then
                // the next ones, as a market that runs clears every interval; the median of those (by clearing time) is kept.
                // Each settled before the next.
                List<Figures> running = new ArrayList<>();
                Instant gate = null;
                for (int run = 0; run < INTERVALS; run++) {
                    Instant start = base.plus(Duration.ofMinutes(15L * k++));
                    gate = start.minus(Duration.ofMinutes(5));
                    Figures f = interval(portal, jdbc, zone, n, start, gate);
                    System.out.printf(Locale.ROOT, "N=%,d, %s interval (%,d rows seeded, %,d readings): positions %,d ms, rules %,d ms, engine %,d ms, "
                                    + "persist %,d ms; readings to committed results %,d ms; %,d trades in %d batch(es) settled and confirmed in %,d ms "
                                    + "(%,d gas per trade); heap peak %,d MiB%n", n, run == 0 ? "first" : "running #" + run, seeded, f.readings(),
                            f.positionsMs(), f.rulesMs(), f.engineMs(), f.persistMs(), f.clearingMs(), f.trades(), f.batches(), f.settlementMs(),
                            f.gasPerTrade(), f.heapPeakMiB());
                    if (run > 0) {
                        running.add(f);
                    }
                }
                running.sort(java.util.Comparator.comparingLong(Figures::clearingMs));
                Figures f = running.get(running.size() / 2);
                System.out.printf(Locale.ROOT, "N=%,d: readings to committed results %,d-%,d ms over %d running intervals, median %,d ms (kept)%n", n,
                        running.getFirst().clearingMs(), running.getLast().clearingMs(), running.size(), f.clearingMs());
                all.add(f);
                if (n == sizes.stream().mapToInt(Integer::intValue).max().orElseThrow()) {
                    // The positions query's plan over the largest N's readings (its own timing, not the run's; the sums as one part).
                    System.out.println("positions query plan at N=" + n + ":");
                    Instant from = gate.minus(Duration.ofMinutes(15));
                    GatePositions positions = portal.bean(GatePositions.class);
                    long buckets = positions.grid().buckets(from, gate);
                    (buckets > 0
                            ? positions.sums("EXPLAIN (ANALYZE, BUFFERS) ", buckets, from, gate, 0L, Long.MAX_VALUE)
                            : jdbc.sql("EXPLAIN (ANALYZE, BUFFERS) " + GatePositions.MEANS)
                                    .params(Timestamp.from(from), Timestamp.from(gate), Timestamp.from(gate), new String[] {zone}))
                            .query(String.class).list().forEach(line -> System.out.println("  " + line));
                }
            }
        }
        Path out = Path.of("target");
        Files.createDirectories(out);
        StringBuilder csv = new StringBuilder("n,readings,positions_ms,rules_ms,engine_ms,persist_ms,clearing_ms,trades,batches,settlement_ms,gas_per_trade,heap_peak_mib\n");
        for (Figures f : all) {
            csv.append(String.format(Locale.ROOT, "%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d%n", f.n(), f.readings(), f.positionsMs(), f.rulesMs(), f.engineMs(),
                    f.persistMs(), f.clearingMs(), f.trades(), f.batches(), f.settlementMs(), f.gasPerTrade(), f.heapPeakMiB()));
        }
        Files.writeString(out.resolve("interval-benchmark.csv"), csv);
        Files.writeString(out.resolve("interval-scaling.svg"), svg(all));
        System.out.println("figures: " + out.resolve("interval-benchmark.csv").toAbsolutePath() + ", curve: " + out.resolve("interval-scaling.svg").toAbsolutePath());
    }

    /** One interval of the zone cleared at its gate closure through the real code, then settled until every batch is confirmed. */
    private static Figures interval(TestPortal portal, JdbcClient jdbc, String zone, int n, Instant start, Instant gate) throws Exception {
        long readings = readings(jdbc, zone, gate);
        settle(JdbcClient.create(portal.bean(io.zonky.test.db.postgres.embedded.EmbeddedPostgres.class).getPostgresDatabase()));
        resetPeaks();
        IntervalRunner runner = portal.bean(IntervalRunner.class);
        IntervalLifecycle.Interval iv = portal.bean(IntervalLifecycle.class).open(zone, start, start.plus(Duration.ofMinutes(15)), gate);
        IntervalOutcome o = runner.run(List.of(zone), iv);
        if (o.state() != IntervalState.CLEARED) {
            throw new IllegalStateException("N=" + n + ": the interval is " + o.state() + ": " + o.failureReason());
        }
        long s0 = System.nanoTime();
        Settlement settlement = portal.bean(Settlement.class);
        while (open(jdbc, o.intervalId()) > 0) {
            Settlement.Round r = settlement.sendAndConfirm();
            if (r.failed() > 0) {
                throw new IllegalStateException("N=" + n + ": settlement failed: " + settlement.lastError());
            }
        }
        long settlementMs = (System.nanoTime() - s0) / 1_000_000;
        long gas = gasPerTrade(jdbc, portal.bean(Web3j.class), o.intervalId(), o.trades());
        return new Figures(n, readings, ms(o, IntervalOutcome.POSITIONS), ms(o, IntervalOutcome.RULES), ms(o, IntervalOutcome.ENGINE),
                ms(o, IntervalOutcome.PERSIST), o.clearingTime().toMillis(), o.trades(), o.settlementBatches(), settlementMs, gas, heapPeakMiB());
    }

    /**
     * The quarter hour of readings arrived in one statement here, not over fifteen minutes: the background
     * work those minutes would have done as they came (autovacuum of the new rows, the checkpointer writing
     * them out) is let finish before the gate closes, so that the interval is not measured against a bulk
     * load's aftermath. Waits at most two minutes; says how long.
     */
    private static void settle(JdbcClient superuser) throws InterruptedException {
        JdbcClient jdbc = superuser; // CHECKPOINT is the server owner's
        long t0 = System.nanoTime();
        jdbc.sql("CHECKPOINT").update();
        int running = 0;
        for (int i = 0; i < 240; i++) {
            running = jdbc.sql("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'").query(Integer.class).single();
            if (running == 0) {
                break;
            }
            Thread.sleep(500);
        }
        System.out.printf(Locale.ROOT, "  readings seeded; checkpoint and autovacuum done in %,d ms%s%n", (System.nanoTime() - t0) / 1_000_000,
                running == 0 ? "" : " (" + running + " autovacuum worker(s) still running)");
    }

    private static long ms(IntervalOutcome o, String stage) {
        Duration d = o.stages().get(stage);
        return d == null ? 0 : d.toMillis();
    }

    private static int open(JdbcClient jdbc, long interval) {
        return jdbc.sql("SELECT count(*) FROM settlement_batches WHERE interval_id = ? AND state <> 'CONFIRMED'").param(interval).query(Integer.class).single();
    }

    /** Gas of the interval's settlement transactions, from their receipts, per trade. */
    private static long gasPerTrade(JdbcClient jdbc, Web3j web3j, long interval, int trades) throws java.io.IOException {
        if (trades == 0) {
            return 0;
        }
        long gas = 0;
        for (byte[] hash : jdbc.sql("SELECT tx_hash FROM settlement_batches WHERE interval_id = ?").param(interval).query(byte[].class).list()) {
            gas += web3j.ethGetTransactionReceipt("0x" + HexFormat.of().formatHex(hash)).send().getTransactionReceipt().orElseThrow().getGasUsed().longValueExact();
        }
        return gas / trades;
    }

    /**
     * N admitted prosumers in their own zone, each with a meter and a 20 kWh battery (5 kW), PV, load and
     * SOC points; a participant's id carries the zone so that several sizes share a database.
     */
    static long seed(JdbcClient jdbc, String zone, int n) {
        String id = "'" + zone + "-' || lpad(g::text, 6, '0')";
        jdbc.sql("INSERT INTO substations (id, name) VALUES (?, ?)").params(zone, "benchmark " + zone).update();
        long rows = 1;
        rows += jdbc.sql("INSERT INTO participants (id, name, kind, capacity_kw, voltage_level, status) SELECT " + id
                + ", 'P' || g, 'PROSUMER', 10, '0.4kV', 'ADMITTED' FROM generate_series(1, ?) g").param(n).update();
        rows += jdbc.sql("INSERT INTO meters (id, participant_id, substation_id, smart) SELECT 'M-' || " + id + ", " + id + ", ?, true FROM generate_series(1, ?) g")
                .params(zone, n).update();
        rows += jdbc.sql("INSERT INTO batteries (id, participant_id, capacity_kwh, soc_min_percent, soc_max_percent, max_charge_kw, max_discharge_kw, "
                + "round_trip_efficiency) SELECT 'B-' || " + id + ", " + id + ", 20, 10, 95, 5, 5, 0.9 FROM generate_series(1, ?) g").param(n).update();
        for (String q : List.of("PV_POWER_KW", "LOAD_POWER_KW")) {
            rows += jdbc.sql("INSERT INTO points (substation_id, participant_id, meter_id, quantity, node_id) SELECT ?, " + id + ", 'M-' || " + id
                    + ", ?, 'ns=2;s=' || ? || '/' || ? || g FROM generate_series(1, ?) g").params(zone, q, zone, q, n).update();
        }
        rows += jdbc.sql("INSERT INTO points (substation_id, participant_id, battery_id, quantity, node_id) SELECT ?, " + id + ", 'B-' || " + id
                + ", 'SOC_PERCENT', 'ns=2;s=' || ? || '/soc' || g FROM generate_series(1, ?) g").params(zone, zone, n).update();
        return rows;
    }

    /**
     * {@link #READINGS_PER_POINT} readings of every point over the quarter hour before gate closure: PV
     * and load that make about half the prosumers sellers and half buyers, and the SOC.
     */
    static long readings(JdbcClient jdbc, String zone, Instant gate) {
        long rows = jdbc.sql("""
                        INSERT INTO readings (point_id, source_time, value, status_code)
                        SELECT p.id, CAST(? AS timestamptz) - make_interval(secs => 30 * r),
                               CASE p.quantity WHEN 'PV_POWER_KW' THEN (p.id % 97) / 10.0 + r % 3 / 10.0 WHEN 'LOAD_POWER_KW' THEN (p.id % 89) / 10.0
                                               ELSE 20 + p.id % 60 END, 0
                          FROM points p CROSS JOIN generate_series(1, ?) r WHERE p.substation_id = ?""")
                .params(Timestamp.from(gate), READINGS_PER_POINT, zone).update();
        jdbc.sql("ANALYZE readings").update();
        return rows;
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** The peak heap in use since {@link #resetPeaks}: the sum of the heap pools' peaks (an upper bound). */
    private static long heapPeakMiB() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }

    /** Time against N on logarithmic axes: readings to committed results, and settlement confirmed on chain. */
    static String svg(List<Figures> figures) {
        int w = 640;
        int h = 400;
        int left = 70;
        int right = 45;
        int top = 40;
        int bottom = 60;
        double minN = Math.log10(figures.stream().mapToInt(Figures::n).min().orElse(1_000));
        double maxN = Math.max(minN + 1, Math.log10(figures.stream().mapToInt(Figures::n).max().orElse(100_000)));
        long maxMs = Math.max(10_000, figures.stream().mapToLong(f -> Math.max(f.clearingMs(), f.settlementMs())).max().orElse(10_000));
        double maxS = Math.pow(10, Math.ceil(Math.log10(maxMs / 1000.0)));
        double minS = 0.01;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n", w, h));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"14\">One interval, from readings to settled (IntervalBenchmark, %d cores)</text>%n", left,
                Runtime.getRuntime().availableProcessors()));
        java.util.function.DoubleUnaryOperator x = n -> left + (Math.log10(n) - minN) / (maxN - minN) * (w - left - right);
        java.util.function.DoubleUnaryOperator y = sec -> top + (1 - (Math.log10(Math.max(minS, sec)) - Math.log10(minS)) / (Math.log10(maxS) - Math.log10(minS)))
                * (h - top - bottom);
        for (double sec = minS; sec <= maxS * 1.0001; sec *= 10) {
            double yy = y.applyAsDouble(sec);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s s</text>%n",
                    left, yy, w - right, yy, left - 6, yy + 4, sec < 1 ? String.format(Locale.ROOT, "%.2f", sec) : String.format(Locale.ROOT, "%.0f", sec)));
        }
        for (Figures f : figures) {
            double xx = x.applyAsDouble(f.n());
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%,d</text>%n",
                    xx, top, xx, h - bottom, xx, h - bottom + 16, f.n()));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">prosumers in the zone (N)</text>%n", (left + w - right) / 2, h - 18));
        String[][] series = {{"clearing", "#2e7d32", "readings to committed results"}, {"settlement", "#1565c0", "settlement confirmed on chain"}};
        int legend = 0;
        for (String[] line : series) {
            StringBuilder points = new StringBuilder();
            for (Figures f : figures) {
                double sec = (line[0].equals("clearing") ? f.clearingMs() : f.settlementMs()) / 1000.0;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.applyAsDouble(f.n()), y.applyAsDouble(sec)));
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", x.applyAsDouble(f.n()), y.applyAsDouble(sec), line[1]));
            }
            s.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n", points.toString().strip(), line[1]));
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"3\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>%n",
                    left + 10, top + 8 + legend * 16, line[1], left + 28, top + 13 + legend * 16, line[2]));
            legend++;
        }
        double target = y.applyAsDouble(5);
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#c62828\" stroke-dasharray=\"4 3\"/>"
                + "<text x=\"%d\" y=\"%.1f\" fill=\"#c62828\">5 s: the target to committed results at 100,000</text>%n", left, target, w - right, target, left + 6,
                target - 4));
        s.append("</svg>\n");
        return s.toString();
    }
}
