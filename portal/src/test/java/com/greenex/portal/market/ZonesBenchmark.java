package com.greenex.portal.market;

import com.greenex.portal.scada.ScadaBridge;
import com.greenex.portal.scada.SubstationStatus;
import com.greenex.portal.testing.TestPortal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A utility of many substations on this machine: the portal with {@code S} simulated substations of
 * {@code N} prosumers each (default 20 x 500 = 10,000 prosumers, ten points each), each substation a
 * market zone, its bridge ingesting every point from the Milo servers on 127.0.0.1 while the market's
 * own scheduler ({@link IntervalScheduler#runDue}, once a second as in the portal) clears every zone at
 * each gate closure, writes the setpoints and meters the deliveries. Prints, over {@code K} intervals:
 * whether every zone cleared each interval; each zone's clearing time and all zones' per gate closure
 * (p50, p99, max); where the time goes (positions, rules, engine, persist); the setpoint writes; and the
 * ingest (values received, written, dropped, the most waiting in the buffer, whether it drained).
 *
 * <p>{@code ./mvnw -q install -DskipTests && ./mvnw -q -pl portal -Pbench test-compile exec:exec
 * -Dbench.main=com.greenex.portal.market.ZonesBenchmark "-Dbench.args=20 500 8 30"} (substations,
 * prosumers each, intervals measured, interval length in seconds).
 */
public final class ZonesBenchmark {

    public static void main(String[] args) throws Exception {
        int substations = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int prosumers = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int intervals = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        Duration length = Duration.ofSeconds(args.length > 3 ? Long.parseLong(args[3]) : 30);
        long samplingMs = args.length > 4 ? Long.parseLong(args[4]) : 5000;
        Path dir = Files.createTempDirectory("greenex-zones-bench-");
        long startedAt = System.nanoTime();
        try (TestPortal portal = TestPortal.demo(dir).interval(length).prosumers(prosumers).withoutSchedule()
                .with("greenex.scada.simulated-substations", substations)
                .with("greenex.scada.sampling-ms", samplingMs).with("greenex.scada.publishing-ms", 1000)
                .start()) {
            ScadaBridge bridge = portal.bean(ScadaBridge.class);
            IntervalScheduler scheduler = portal.bean(IntervalScheduler.class);
            long points = portal.jdbc().sql("SELECT count(*) FROM points").query(Long.class).single();
            System.out.printf("zones benchmark: %d substations x %,d prosumers (%,d points), intervals of %d s (gate %d s before), sampling %d ms, "
                            + "%d cores, max heap %,d MiB; portal started in %.1f s%n", substations, prosumers, points, length.toSeconds(),
                    length.toSeconds() / 2, samplingMs, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                    (System.nanoTime() - startedAt) / 1e9);

            // Warm up: the bridges connect and the first readings arrive; the first gate closure is not measured.
            Thread.sleep(length.toMillis());
            Instant from = Instant.now();
            Instant until = from.plus(length.multipliedBy(intervals + 1));
            List<Long> zoneNanos = new ArrayList<>();
            List<Long> allZonesNanos = new ArrayList<>();
            Map<String, List<Long>> stageNanos = new LinkedHashMap<>();
            long setpointsWritten = 0;
            long setpointsOther = 0;
            long maxBuffered = 0;
            long[] ingestStart = ingest(bridge);
            long ingestStartNanos = System.nanoTime();
            while (Instant.now().isBefore(until)) {
                long t0 = System.nanoTime();
                IntervalScheduler.Tick tick = scheduler.runDue(Instant.now());
                for (IntervalOutcome o : tick.outcomes()) {
                    if (o.clearingTime() != null) {
                        zoneNanos.add(o.clearingTime().toNanos());
                        o.stages().forEach((stage, d) -> stageNanos.computeIfAbsent(stage, k -> new ArrayList<>()).add(d.toNanos()));
                    }
                }
                if (!tick.clearing().isZero()) {
                    allZonesNanos.add(tick.clearing().toNanos());
                }
                for (BatteryDispatcher.Dispatched d : tick.dispatched()) {
                    for (Map.Entry<com.greenex.portal.scada.SetpointOutcome.Outcome, Integer> e : d.outcomes().entrySet()) {
                        if (e.getKey() == com.greenex.portal.scada.SetpointOutcome.Outcome.WRITTEN) {
                            setpointsWritten += e.getValue();
                        } else {
                            setpointsOther += e.getValue();
                        }
                    }
                }
                maxBuffered = Math.max(maxBuffered, ingest(bridge)[3]);
                long left = 1000 - (System.nanoTime() - t0) / 1_000_000;
                if (left > 0) {
                    Thread.sleep(left);
                }
            }
            long[] ingestEnd = ingest(bridge);
            double seconds = (System.nanoTime() - ingestStartNanos) / 1e9;

            Map<String, Map<String, Long>> byZone = new LinkedHashMap<>();
            portal.jdbc().sql("""
                            SELECT zone_id, status, count(*) FROM trading_intervals
                             WHERE gate_closes_at >= ? AND gate_closes_at < ? GROUP BY zone_id, status ORDER BY zone_id, status""")
                    .params(Timestamp.from(from), Timestamp.from(until.minus(length)))
                    .query(rs -> {
                        byZone.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getLong(3));
                    });
            long notCleared = byZone.values().stream().flatMap(m -> m.entrySet().stream())
                    .filter(e -> e.getKey().equals("MISSED") || e.getKey().equals("FAILED") || e.getKey().equals("OPEN") || e.getKey().equals("GATE_CLOSED"))
                    .mapToLong(Map.Entry::getValue).sum();
            long zoneIntervals = byZone.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
            System.out.printf("gate closures measured: %d; zone-intervals %d in %d zones, not cleared (MISSED, FAILED or still open): %d%n",
                    allZonesNanos.size(), zoneIntervals, byZone.size(), notCleared);
            byZone.forEach((zone, states) -> {
                if (states.keySet().stream().anyMatch(s -> !List.of("CLEARED", "DISPATCHED", "DELIVERING", "METERED", "SETTLED").contains(s))) {
                    System.out.printf("  zone %s: %s%n", zone, states);
                }
            });
            System.out.printf("clearing one zone (positions to committed results), %d zone-intervals: %s%n", zoneNanos.size(), stats(zoneNanos));
            System.out.printf("clearing all %d zones at a gate closure (one after another on %d core(s) to spare): %s%n", substations,
                    Math.max(1, Runtime.getRuntime().availableProcessors() - 1), stats(allZonesNanos));
            long total = stageNanos.values().stream().flatMap(List::stream).mapToLong(Long::longValue).sum();
            stageNanos.forEach((stage, ns) -> System.out.printf("  %-9s %s, %4.1f %% of the time%n", stage, stats(ns),
                    100.0 * ns.stream().mapToLong(Long::longValue).sum() / total));
            System.out.printf("setpoints: %,d written, %,d not%n", setpointsWritten, setpointsOther);
            System.out.printf("ingest over %.0f s: %,d values received (%,.0f/s), %,d written, %,d dropped; most waiting in the buffer %,d; "
                            + "waiting at the end %,d%n", seconds, ingestEnd[0] - ingestStart[0], (ingestEnd[0] - ingestStart[0]) / seconds,
                    ingestEnd[1] - ingestStart[1], ingestEnd[2] - ingestStart[2], maxBuffered, ingestEnd[3]);
            Runtime rt = Runtime.getRuntime();
            System.out.printf("heap in use at the end: %,d MiB%n", (rt.totalMemory() - rt.freeMemory()) >> 20);
        }
    }

    /** Received, written, dropped and buffered, summed over every substation's bridge. */
    private static long[] ingest(ScadaBridge bridge) {
        long[] out = new long[4];
        for (SubstationStatus s : bridge.statuses()) {
            out[0] += number(s, "received");
            out[1] += number(s, "written");
            out[2] += number(s, "dropped");
            out[3] += number(s, "buffered");
        }
        return out;
    }

    private static long number(SubstationStatus s, String fact) {
        return s.facts().get(fact) instanceof Number n ? n.longValue() : 0;
    }

    private static String stats(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return "none";
        }
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(Comparator.naturalOrder());
        return String.format("p50 %,d ms, p99 %,d ms, max %,d ms, mean %,d ms", percentile(sorted, 0.50) / 1_000_000,
                percentile(sorted, 0.99) / 1_000_000, sorted.getLast() / 1_000_000,
                (long) sorted.stream().mapToLong(Long::longValue).average().orElse(0) / 1_000_000);
    }

    /** The nearest-rank percentile of a sorted list. */
    private static long percentile(List<Long> sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
