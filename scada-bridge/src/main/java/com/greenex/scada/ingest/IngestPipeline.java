package com.greenex.scada.ingest;

import com.greenex.scada.client.ReadingListener;
import com.greenex.scada.mapping.PointMapping;
import com.greenex.scada.mapping.PointProblem;
import com.greenex.scada.store.Reading;
import com.greenex.scada.store.ReadingStore;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Between OPC UA and PostgreSQL: values wait in a bounded buffer, a writer thread stores them in
 * batches, and while the database is away it keeps the batch it holds and retries with backoff, so
 * nothing is lost until the buffer is full; what does not fit then is counted in {@link #dropped()}.
 * Resending is harmless: readings are keyed by (point, source time).
 */
public final class IngestPipeline implements ReadingListener, AutoCloseable {

    private final ReadingStore store;
    private final Map<Integer, Long> pointIds;
    private final BlockingQueue<Reading> buffer;
    private final int batchSize;
    private final Duration maxDelay;
    private final Thread writer;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong writeFailures = new AtomicLong();
    private final AtomicLong outOfBounds = new AtomicLong();
    /** Points whose out-of-bounds reading was reported (once each: a broken field device must not grow the list). */
    private final java.util.Set<Integer> reportedOutOfBounds = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.time.Clock clock;
    private final List<PointProblem> problems = new CopyOnWriteArrayList<>();
    private volatile String lastError;
    private volatile boolean closing;
    /** The oldest source time in the batch the writer holds (not yet written), or null. */
    private volatile Instant batchOldest;

    /**
     * @param pointIds   database point ids by mapping point index (from PointRegistry)
     * @param capacity   readings the buffer holds while the database is away
     */
    public IngestPipeline(ReadingStore store, Map<Integer, Long> pointIds, int capacity, int batchSize, Duration maxDelay) {
        this(store, pointIds, capacity, batchSize, maxDelay, java.time.Clock.systemUTC());
    }

    /** @param clock when a reading arrives, against which its source time is bounded ({@link ReadingBounds}) */
    public IngestPipeline(ReadingStore store, Map<Integer, Long> pointIds, int capacity, int batchSize, Duration maxDelay, java.time.Clock clock) {
        this.clock = clock;
        this.store = store;
        this.pointIds = Map.copyOf(pointIds);
        this.buffer = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        this.maxDelay = maxDelay;
        this.writer = new Thread(this::run, "greenex-ingest-writer");
        this.writer.setDaemon(false);
        this.writer.start();
    }

    @Override
    public void onValue(PointMapping point, Instant sourceTime, Instant serverTime, BigDecimal value, long statusCode) {
        Long id = pointIds.get(point.index());
        if (id == null) {
            return; // not registered: reported by the registry already
        }
        Instant source = sourceTime != null ? sourceTime : serverTime;
        if (source == null) {
            problems.add(new PointProblem(point.index(), point.participant(), point.node(), "a value without source or server timestamp"));
            dropped.incrementAndGet();
            return;
        }
        received.incrementAndGet();
        ReadingBounds.Bounded b = ReadingBounds.check(source, clock.instant(), value, statusCode);
        if (b.problem() != null) {
            outOfBounds.incrementAndGet();
            if (reportedOutOfBounds.add(point.index())) {
                problems.add(new PointProblem(point.index(), point.participant(), point.node(), b.problem()));
            }
        }
        if (!buffer.offer(new Reading(id, b.sourceTime(), serverTime, b.value(), b.statusCode()))) {
            dropped.incrementAndGet();
        }
    }

    @Override
    public void onPointProblem(PointProblem problem) {
        problems.add(problem);
    }

    private void run() {
        List<Reading> batch = new ArrayList<>(batchSize);
        long backoffMs = 100;
        while (!closing || !buffer.isEmpty() || !batch.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    Reading first = buffer.poll(maxDelay.toMillis(), TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    batchOldest = first.sourceTime();
                    long until = System.nanoTime() + maxDelay.toNanos();
                    while (batch.size() < batchSize && System.nanoTime() < until) {
                        if (buffer.drainTo(batch, batchSize - batch.size()) == 0) {
                            Thread.sleep(1);
                        }
                    }
                    batchOldest = batch.stream().map(Reading::sourceTime).min(Instant::compareTo).orElse(null);
                }
                store.write(batch);
                written.addAndGet(batch.size());
                batch.clear();
                batchOldest = null;
                backoffMs = 100;
            } catch (SQLException e) {
                // The database is away or refused the batch: keep it, wait, try again.
                writeFailures.incrementAndGet();
                lastError = e.getMessage();
                if (closing && backoffMs >= 5_000) {
                    dropped.addAndGet(batch.size() + buffer.size());
                    return;
                }
                sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public long received() {
        return received.get();
    }

    /** Readings handed to the store (resent ones included; the store skips what it has). */
    public long written() {
        return written.get();
    }

    public long dropped() {
        return dropped.get();
    }

    /** Readings stored BAD because their source time or value was out of bounds. */
    public long outOfBounds() {
        return outOfBounds.get();
    }

    public long writeFailures() {
        return writeFailures.get();
    }

    /**
     * The source time of the oldest reading received but not yet in the database (in the writer's
     * batch or at the head of the buffer), or null when everything is written: the market waits for
     * readings from before its gate closure that are still on their way after a database outage.
     */
    public Instant oldestUnwritten() {
        Instant inBatch = batchOldest;
        Reading head = buffer.peek();
        Instant inBuffer = head == null ? null : head.sourceTime();
        if (inBatch == null) {
            return inBuffer;
        }
        return inBuffer == null || inBatch.isBefore(inBuffer) ? inBatch : inBuffer;
    }

    public int buffered() {
        return buffer.size();
    }

    public String lastError() {
        return lastError;
    }

    public List<PointProblem> problems() {
        return List.copyOf(problems);
    }

    /** Writes what is buffered (giving up after the database has been away through a 5 s backoff), then stops. */
    @Override
    public void close() throws InterruptedException, SQLException {
        closing = true;
        writer.join();
        store.flushLatest();
    }
}
