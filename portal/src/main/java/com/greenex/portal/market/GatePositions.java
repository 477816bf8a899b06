package com.greenex.portal.market;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Each participant's position at gate closure: its expected surplus (+) or deficit (-) for the
 * interval before its battery, and its battery's state and limits. The expectation is the
 * participant's own forecast when its trading client sent one in time, otherwise the platform's:
 * persistence of the last interval's metered PV minus load (mean power over [gate − L, gate), or the
 * meter's net power plus the battery's when PV and load are not metered apart), times the interval.
 * The window is read from the readings' running sums, laid on the market's windows at start (V26):
 * one row a point; a window they do not cover (before the grid was laid, or intervals shorter than
 * five minutes) from the readings themselves: the same figures.
 */
@Repository
class GatePositions {

    enum Source {
        PLATFORM, PARTICIPANT
    }

    /**
     * @param energyKwh surplus (+) or deficit (-) before the battery, to the market's energy unit; null with a problem
     * @param problem   why no position could be formed (the participant is then left out, with this reason)
     * @param standing  the participant's status at gate closure (participants.status), for the rules
     */
    record GatePosition(String participantId, BigDecimal energyKwh, Source source, String batteryId, BigDecimal capacityKwh,
                        BigDecimal socPercent, BigDecimal socMinPercent, BigDecimal socMaxPercent, BigDecimal maxChargeKw,
                        BigDecimal maxDischargeKw, BigDecimal efficiency, String problem, String standing) {
    }

    /** The quantities a position is formed from. */
    static final String QUANTITIES = "'PV_POWER_KW', 'LOAD_POWER_KW', 'ACTIVE_POWER_KW', 'BATTERY_POWER_KW', 'SOC_PERCENT', "
            + "'BATTERY_MAX_CHARGE_KW', 'BATTERY_MAX_DISCHARGE_KW'";

    /*
     * One index range scan per point over the interval before gate closure gives both its mean and its
     * last value; only a point without a good reading in it is looked up further back (the second
     * lateral's condition on w.n is a one-time filter: it is not scanned otherwise).
     */
    static final String MEANS = """
            SELECT p.participant_id, p.quantity,
                   CASE WHEN p.quantity IN ('SOC_PERCENT', 'BATTERY_MAX_CHARGE_KW', 'BATTERY_MAX_DISCHARGE_KW') THEN coalesce(w.last, before.value)
                        ELSE coalesce(w.mean, before.value) END
              FROM active_points p
              LEFT JOIN LATERAL (SELECT avg(r.value) AS mean, (array_agg(r.value ORDER BY r.source_time DESC))[1] AS last, count(*) AS n
                                   FROM readings r
                                  WHERE r.point_id = p.id AND r.source_time >= ? AND r.source_time < ? AND r.quality = 'GOOD') w ON true
              LEFT JOIN LATERAL (SELECT r.value FROM readings r
                                  WHERE w.n = 0 AND r.point_id = p.id AND r.source_time < ? AND r.quality = 'GOOD'
                                  ORDER BY r.source_time DESC LIMIT 1) before ON true
             WHERE p.substation_id = ANY (?)
               AND p.quantity IN (%s)
            """.formatted(QUANTITIES);

    /*
     * The same figures from the readings' sums per point and bucket (V21, V26). The buckets are laid on
     * the market's windows (as wide as an interval, from a gate closure), so a gate's window is one bucket
     * and one row a point, read as stored: the mean total / samples is avg() over the same readings,
     * exactly. One table, no join (the zone's points are picked out in Java). The points are read in parts
     * (a range of their ids each), one connection a part, so that the server and this side's parsing use
     * every core.
     */
    static final String SUMS_ONE_BUCKET = """
            SELECT s.point_id, s.total / s.samples, s.last_value
              FROM reading_sums s
             WHERE s.bucket_start = ? AND s.point_id BETWEEN ? AND ?
            """;

    /*
     * A window of several buckets (on the grid, but longer than one): aggregated to the point. No join:
     * the buckets just written have no statistics yet, and a join planned on a guess of one row
     * re-aggregates the window once per point.
     */
    static final String SUMS = """
            SELECT s.point_id, sum(s.total) / sum(s.samples), (array_agg(s.last_value ORDER BY s.bucket_start DESC))[1]
              FROM reading_sums s
             WHERE s.bucket_start >= ? AND s.bucket_start < ? AND s.point_id BETWEEN ? AND ?
             GROUP BY s.point_id
            """;

    /** The buckets of the readings' sums (V26): {@code width} wide, laid from {@code origin}, holding every reading from {@code since}. */
    record SumGrid(Duration width, Instant origin, Instant since) {

        /** The whole buckets the window [from, to) spans when it is read from the sums; 0 when it is read from the readings. */
        long buckets(Instant from, Instant to) {
            Duration span = Duration.between(from, to);
            if (from.isBefore(since) || span.isNegative() || span.isZero() || span.toNanos() % width.toNanos() != 0) {
                return 0;
            }
            return Duration.between(origin, from).toNanos() % width.toNanos() == 0 ? span.toNanos() / width.toNanos() : 0;
        }
    }

    /** The smallest interval that gets buckets of its own; shorter ones (the demo's seconds) keep five-minute buckets and read the readings. */
    static final Duration OWN_BUCKETS_FROM = Duration.ofMinutes(5);

    /** The sums' grid for a market of intervals of {@code length} whose gates close {@code lead} before them (intervals start on multiples of their length). */
    static SumGrid gridFor(Duration length, Duration lead) {
        if (length.compareTo(OWN_BUCKETS_FROM) < 0) {
            return new SumGrid(OWN_BUCKETS_FROM, Instant.parse("2000-01-01T00:00:00Z"), Instant.MAX);
        }
        long width = length.toNanos();
        return new SumGrid(length, Instant.EPOCH.plusNanos(Math.floorMod(-lead.toNanos(), width)), Instant.MAX);  // since: when it is laid
    }

    /** Parts the window's sums are read in: one a core, at most four. */
    static final int SUM_PARTS = Math.clamp(Runtime.getRuntime().availableProcessors(), 1, 4);

    /** A point silent in the window: its last good value before the gate. */
    static final String LAST_BEFORE = """
            SELECT p.id, r.value
              FROM unnest(?::bigint[]) AS p(id)
              JOIN LATERAL (SELECT r.value FROM readings r WHERE r.point_id = p.id AND r.source_time < ? AND r.quality = 'GOOD'
                             ORDER BY r.source_time DESC LIMIT 1) r ON true
            """;

    /** The quantities whose last value in the window counts, not their mean. */
    static final Set<String> LAST_VALUED = Set.of("SOC_PERCENT", "BATTERY_MAX_CHARGE_KW", "BATTERY_MAX_DISCHARGE_KW");

    /** A virtual thread per blocking read: not the common pool's few threads. */
    private static final java.util.concurrent.Executor BLOCKING = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(GatePositions.class);

    private final JdbcClient jdbc;
    private final MarketProperties market;

    GatePositions(JdbcClient jdbc, MarketProperties market) {
        this.jdbc = jdbc;
        this.market = market;
    }

    /** Lays the readings' sums on the market's windows at start, so that they are summed from the first reading on. */
    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    void layGrid() {
        SumGrid wanted = gridFor(market.intervalLength(), market.gateLead());
        boolean changed = Boolean.TRUE.equals(jdbc.sql("SELECT set_reading_sum_grid(make_interval(secs => ?), ?)")
                .params(wanted.width().toNanos() / 1e9, Timestamp.from(wanted.origin())).query(Boolean.class).single());
        if (changed) {
            log.info("readings summed per {} from {} on (the market's windows); earlier windows are read from the readings", wanted.width(), grid().since());
        }
    }

    /**
     * The statement reading the sums of the points with ids in [low, high] over a window of {@code buckets}
     * buckets (one: as stored; more: aggregated per point), after {@code prefix} (an EXPLAIN, for the benchmark).
     */
    JdbcClient.StatementSpec sums(String prefix, long buckets, Instant from, Instant gate, long low, long high) {
        if (buckets < 1) {
            throw new IllegalArgumentException("the sums are read over one bucket or more, not " + buckets);
        }
        return buckets == 1 ? jdbc.sql(prefix + SUMS_ONE_BUCKET).params(Timestamp.from(from), low, high)
                : jdbc.sql(prefix + SUMS).params(Timestamp.from(from), Timestamp.from(gate), low, high);
    }

    /** The readings' sums' grid now in force. */
    SumGrid grid() {
        return jdbc.sql("SELECT extract(epoch FROM width), origin, since FROM reading_sum_grid")
                .query((rs, i) -> new SumGrid(Duration.ofNanos(rs.getBigDecimal(1).movePointRight(9).longValueExact()), rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3).toInstant()))
                .single();
    }

    /**
     * @param substations the zone's substations: its participants are those whose meters are read there
     * @param hours the interval's energy in hours of the readings' power (its length, or longer for a simulated day that runs faster)
     */
    List<GatePosition> read(List<String> substations, Instant start, Instant gate, Duration length, BigDecimal hours) {
        long t0 = System.nanoTime();
        String[] zone = substations.toArray(String[]::new);
        Instant from = gate.minus(length);
        // The readings' figures on another connection while this one reads the forecasts, meters and batteries.
        java.util.concurrent.CompletableFuture<Map<String, Map<String, BigDecimal>>> read = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                    SumGrid grid = grid();
                    return grid.buckets(from, gate) > 0 ? fromSums(zone, from, gate, grid, SUM_PARTS) : fromReadings(zone, from, gate);
                }, BLOCKING);
        Map<String, BigDecimal> submitted = new HashMap<>();
        jdbc.sql("SELECT participant_id, energy_kwh FROM forecasts WHERE starts_at = ?").param(Timestamp.from(start))
                .query(rs -> {
                    submitted.put(rs.getString(1), rs.getBigDecimal(2));
                });
        record Device(String participant, String battery, BigDecimal capacity, BigDecimal socMin, BigDecimal socMax, BigDecimal maxCharge,
                      BigDecimal maxDischarge, BigDecimal efficiency, String standing) {
        }
        List<Device> devices = new ArrayList<>();
        jdbc.sql("""
                        SELECT DISTINCT ON (m.participant_id) m.participant_id, b.id, b.capacity_kwh, b.soc_min_percent, b.soc_max_percent,
                               b.max_charge_kw, b.max_discharge_kw, b.round_trip_efficiency, pt.status
                          FROM meters m JOIN participants pt ON pt.id = m.participant_id
                          LEFT JOIN batteries b ON b.participant_id = m.participant_id
                         WHERE m.substation_id = ANY (?) ORDER BY m.participant_id, b.id""")
                .param(zone)
                .query(rs -> {
                    devices.add(new Device(rs.getString(1), rs.getString(2), rs.getBigDecimal(3), rs.getBigDecimal(4), rs.getBigDecimal(5),
                            rs.getBigDecimal(6), rs.getBigDecimal(7), rs.getBigDecimal(8), rs.getString(9)));
                });
        long devicesRead = System.nanoTime();
        Map<String, Map<String, BigDecimal>> means = joined(read);
        long meansRead = System.nanoTime();
        List<GatePosition> out = new ArrayList<>(devices.size());
        for (Device d : devices) {
            String id = d.participant();
            Map<String, BigDecimal> m = means.getOrDefault(id, Map.of());
            String battery = d.battery();
            BigDecimal soc = m.get("SOC_PERCENT");
            String problem = null;
            BigDecimal energy;
            Source source;
            if (submitted.containsKey(id)) {
                energy = submitted.get(id);
                source = Source.PARTICIPANT;
            } else {
                source = Source.PLATFORM;
                BigDecimal kw = platformPowerKw(m);
                energy = kw == null ? null : kw.multiply(hours).setScale(6, RoundingMode.HALF_EVEN);
                if (kw == null) {
                    problem = "no good power reading (PV and load, or net) before gate closure " + gate;
                }
            }
            if (battery != null && soc == null && problem == null) {
                problem = "battery " + battery + " has no good SOC reading before gate closure " + gate;
            }
            BigDecimal maxCharge = m.getOrDefault("BATTERY_MAX_CHARGE_KW", d.maxCharge());
            BigDecimal maxDischarge = m.getOrDefault("BATTERY_MAX_DISCHARGE_KW", d.maxDischarge());
            out.add(new GatePosition(id, energy, source, battery, d.capacity(), soc, d.socMin(), d.socMax(), maxCharge, maxDischarge,
                    d.efficiency(), problem, d.standing()));
        }
        if (log.isDebugEnabled()) {
            log.debug("gate {}: forecasts and {} participants' devices read in {} ms, the readings' figures {} ms later, positions formed in {} ms", gate,
                    devices.size(), (devicesRead - t0) / 1_000_000, (meansRead - devicesRead) / 1_000_000, (System.nanoTime() - meansRead) / 1_000_000);
        }
        return out;
    }

    /** Per participant and quantity: the window's mean (or last) good value, or the last before it; null without one. */
    Map<String, Map<String, BigDecimal>> fromReadings(String[] zone, Instant from, Instant gate) {
        Map<String, Map<String, BigDecimal>> means = new HashMap<>();
        jdbc.sql(MEANS).params(Timestamp.from(from), Timestamp.from(gate), Timestamp.from(gate), zone)
                .query(rs -> {
                    means.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getBigDecimal(3));
                });
        return means;
    }

    /** The same as {@link #fromReadings} from the readings' sums: the window must be whole buckets of their grid. */
    Map<String, Map<String, BigDecimal>> fromSums(String[] zone, Instant from, Instant gate) {
        return fromSums(zone, from, gate, grid(), SUM_PARTS);
    }

    /** {@link #fromSums(String[], Instant, Instant)} with the sums read in {@code parts} parts, each on a connection of its own. */
    Map<String, Map<String, BigDecimal>> fromSums(String[] zone, Instant from, Instant gate, int parts) {
        return fromSums(zone, from, gate, grid(), parts);
    }

    private Map<String, Map<String, BigDecimal>> fromSums(String[] zone, Instant from, Instant gate, SumGrid grid, int parts) {
        long buckets = grid.buckets(from, gate);
        if (buckets == 0) {
            throw new IllegalArgumentException("the window [" + from + ", " + gate + ") is not whole buckets of the readings' sums (" + grid.width()
                    + " from " + grid.origin() + ", every reading from " + grid.since() + ")");
        }
        if (parts < 1) {
            throw new IllegalArgumentException("the sums are read in at least one part, not " + parts);
        }
        // The zone's points on another connection while this one reads the window's sums: joined here, by point.
        java.util.concurrent.CompletableFuture<Map<Long, String[]>> zonePoints = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            Map<Long, String[]> points = new HashMap<>();
            jdbc.sql("SELECT p.id, p.participant_id, p.quantity FROM active_points p WHERE p.substation_id = ANY (?) AND p.quantity IN (" + QUANTITIES + ")")
                    .param(zone)
                    .query(rs -> {
                        points.put(rs.getLong(1), new String[] {rs.getString(2), rs.getString(3)});
                    });
            return points;
        }, BLOCKING);
        // The points' ids cut in parts of equal ranges (ids are given in sequence, so the parts hold about as many points).
        long[] ids = jdbc.sql("SELECT coalesce(min(id), 0), coalesce(max(id), 0) FROM points")
                .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
        long span = ids[1] - ids[0] + 1;
        List<java.util.concurrent.CompletableFuture<Map<Long, BigDecimal[]>>> read = new ArrayList<>(parts);
        for (int k = 0; k < parts; k++) {
            long low = ids[0] + span * k / parts;
            long high = ids[0] + span * (k + 1) / parts - 1;
            read.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                Map<Long, BigDecimal[]> part = new HashMap<>();
                sums("", buckets, from, gate, low, high)
                        .query(rs -> {
                            part.put(rs.getLong(1), new BigDecimal[] {rs.getBigDecimal(2), rs.getBigDecimal(3)});
                        });
                return part;
            }, BLOCKING));
        }
        long t0 = System.nanoTime();
        Map<Long, BigDecimal[]> sums = new HashMap<>();
        for (java.util.concurrent.CompletableFuture<Map<Long, BigDecimal[]>> part : read) {
            sums.putAll(joined(part));
        }
        long t1 = System.nanoTime();
        Map<Long, String[]> points = joined(zonePoints);
        log.debug("gate {}: the window's sums of {} points read in {} part(s) in {} ms, the zone's {} points {} ms later", gate, sums.size(), parts,
                (t1 - t0) / 1_000_000, points.size(), (System.nanoTime() - t1) / 1_000_000);
        Map<String, Map<String, BigDecimal>> means = new HashMap<>();
        Set<Long> silent = new HashSet<>();
        points.forEach((id, point) -> {
            BigDecimal[] sum = sums.get(id); // a point of another zone is not asked for
            if (sum == null) {
                silent.add(id);
            } else {
                means.computeIfAbsent(point[0], k -> new HashMap<>()).put(point[1], sum[LAST_VALUED.contains(point[1]) ? 1 : 0]);
            }
        });
        Map<Long, BigDecimal> before = new HashMap<>();
        if (!silent.isEmpty()) {
            jdbc.sql(LAST_BEFORE).params(silent.toArray(Long[]::new), Timestamp.from(gate))
                    .query(rs -> {
                        before.put(rs.getLong(1), rs.getBigDecimal(2));
                    });
        }
        for (Long id : silent) {
            String[] point = points.get(id);
            means.computeIfAbsent(point[0], k -> new HashMap<>()).put(point[1], before.get(id));
        }
        return means;
    }

    /** A read done on another thread: its result, or its failure as thrown there. */
    private static <T> T joined(java.util.concurrent.CompletableFuture<T> read) {
        try {
            return read.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** The mean power of PV minus load, or of the net at the meter plus the battery's; null without readings. */
    static BigDecimal platformPowerKw(Map<String, BigDecimal> m) {
        BigDecimal pv = m.get("PV_POWER_KW");
        BigDecimal load = m.get("LOAD_POWER_KW");
        if (pv != null && load != null) {
            return pv.subtract(load);
        }
        BigDecimal net = m.get("ACTIVE_POWER_KW");
        if (net == null) {
            return null;
        }
        BigDecimal battery = m.get("BATTERY_POWER_KW");
        return battery == null ? net : net.add(battery);
    }
}
