package com.greenex.scada.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

/**
 * Prints its figures: readings inserted per second through {@link ReadingStore} with 1 and with 4
 * writers, then the latest value of 10,000 points over everything written (10 million rows by
 * default), from latest_readings and, for comparison, straight from the partitioned readings table.
 *
 * <p>{@code ./mvnw -q -pl scada-bridge -am -Pbench test-compile exec:exec [-Dbench.args="--rows 2000000"]}
 */
public final class ReadingStoreBenchmark {

    private static final int POINTS = 10_000;
    private static final int BATCH = 5_000;
    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");

    public static void main(String[] args) throws Exception {
        long totalRows = args.length == 2 && args[0].equals("--rows") ? Long.parseLong(args[1]) : 10_000_000L;
        try (StoreDatabase db = StoreDatabase.start(8)) {
            db.seedPoints(POINTS);
            ReadingStore store = new ReadingStore(db.dataSource);
            System.out.printf("machine: %d cores, %s %s; PostgreSQL 17 embedded on loopback; batches of %,d readings%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"), BATCH);

            long single = totalRows / 5;
            AtomicLong slot = new AtomicLong();
            run("1 writer ", store, 1, single, slot);
            run("4 writers", store, 4, totalRows - single, slot);
            System.out.printf("rows in readings: %,d%n", db.count("SELECT count(*) FROM readings"));

            List<Long> ids = LongStream.rangeClosed(1, POINTS).boxed().toList();
            long[] fromLatest = new long[21];
            for (int i = 0; i < fromLatest.length; i++) {
                long t0 = System.nanoTime();
                int n = store.latest(ids).size();
                fromLatest[i] = System.nanoTime() - t0;
                if (n != POINTS) {
                    throw new IllegalStateException("latest values for " + n + " points, expected " + POINTS);
                }
            }
            long[] fromReadings = new long[5];
            for (int i = 0; i < fromReadings.length; i++) {
                long t0 = System.nanoTime();
                int n = latestFromReadings(db);
                fromReadings[i] = System.nanoTime() - t0;
                if (n != POINTS) {
                    throw new IllegalStateException("latest values (from readings) for " + n + " points, expected " + POINTS);
                }
            }
            System.out.printf("latest value of %,d points, latest_readings: median %.1f ms, max %.1f ms (%d runs)%n",
                    POINTS, median(fromLatest) / 1e6, max(fromLatest) / 1e6, fromLatest.length);
            System.out.printf("latest value of %,d points, straight from readings (LATERAL, index per partition): median %.1f ms, max %.1f ms (%d runs)%n",
                    POINTS, median(fromReadings) / 1e6, max(fromReadings) / 1e6, fromReadings.length);
        }
    }

    private static void run(String label, ReadingStore store, int writers, long rows, AtomicLong slot) throws Exception {
        long batches = rows / BATCH;
        AtomicLong next = new AtomicLong();
        AtomicLong written = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        long t0 = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        long baseSlot = slot.get();
        for (int w = 0; w < writers; w++) {
            futures.add(pool.submit(() -> {
                long b;
                while ((b = next.getAndIncrement()) < batches) {
                    // Batch b: half of the points at one time slot (5 minutes apart).
                    long timeSlot = baseSlot + b / 2;
                    int firstPoint = (int) (b % 2) * BATCH + 1;
                    Instant t = START.plusSeconds(300 * timeSlot);
                    List<Reading> batch = new ArrayList<>(BATCH);
                    for (int p = 0; p < BATCH; p++) {
                        batch.add(new Reading(firstPoint + p, t, t, BigDecimal.valueOf((timeSlot * 31 + p) % 10_000, 3), 0));
                    }
                    written.addAndGet(store.write(batch));
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - t0) / 1e9;
        slot.set(baseSlot + (batches + 1) / 2);
        if (written.get() != batches * BATCH) {
            throw new IllegalStateException("wrote " + written.get() + " new readings, expected " + batches * BATCH);
        }
        System.out.printf("%s: %,d readings in %.1f s = %,.0f readings/s%n", label, written.get(), seconds, written.get() / seconds);
    }

    private static int latestFromReadings(StoreDatabase db) throws Exception {
        try (Connection c = db.dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT p.id, r.value FROM points p CROSS JOIN LATERAL "
                     + "(SELECT value FROM readings WHERE point_id = p.id ORDER BY source_time DESC LIMIT 1) r");
             ResultSet rs = ps.executeQuery()) {
            int n = 0;
            while (rs.next()) {
                n++;
            }
            return n;
        }
    }

    private static double median(long[] xs) {
        long[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static double max(long[] xs) {
        return Arrays.stream(xs).max().orElseThrow();
    }
}
