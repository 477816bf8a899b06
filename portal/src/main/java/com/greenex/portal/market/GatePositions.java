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
import java.util.List;
import java.util.Map;

/**
 * Each participant's position at gate closure: its expected surplus (+) or deficit (-) for the
 * interval before its battery, and its battery's state and limits. The expectation is the
 * participant's own forecast when its trading client sent one in time, otherwise the platform's:
 * persistence of the last interval's metered PV minus load (mean power over [gate − L, gate), or the
 * meter's net power plus the battery's when PV and load are not metered apart), times the interval.
 */
@Repository
class GatePositions {

    enum Source {
        PLATFORM, PARTICIPANT
    }

    /**
     * @param energyKwh surplus (+) or deficit (-) before the battery, to the market's energy unit; null with a problem
     * @param problem   why no position could be formed (the participant is then left out, with this reason)
     */
    record GatePosition(String participantId, BigDecimal energyKwh, Source source, String batteryId, BigDecimal capacityKwh,
                        BigDecimal socPercent, BigDecimal socMinPercent, BigDecimal socMaxPercent, BigDecimal maxChargeKw,
                        BigDecimal maxDischargeKw, BigDecimal efficiency, String problem) {
    }

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
               AND p.quantity IN ('PV_POWER_KW', 'LOAD_POWER_KW', 'ACTIVE_POWER_KW', 'BATTERY_POWER_KW', 'SOC_PERCENT',
                                  'BATTERY_MAX_CHARGE_KW', 'BATTERY_MAX_DISCHARGE_KW')
            """;

    private final JdbcClient jdbc;

    GatePositions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param substations the zone's substations: its participants are those whose meters are read there
     * @param hours the interval's energy in hours of the readings' power (its length, or longer for a simulated day that runs faster)
     */
    List<GatePosition> read(List<String> substations, Instant start, Instant gate, Duration length, BigDecimal hours) {
        Map<String, Map<String, BigDecimal>> means = new HashMap<>();
        String[] zone = substations.toArray(String[]::new);
        jdbc.sql(MEANS).params(Timestamp.from(gate.minus(length)), Timestamp.from(gate), Timestamp.from(gate), zone)
                .query(rs -> {
                    means.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getBigDecimal(3));
                });
        Map<String, BigDecimal> submitted = new HashMap<>();
        jdbc.sql("SELECT participant_id, energy_kwh FROM forecasts WHERE starts_at = ?").param(Timestamp.from(start))
                .query(rs -> {
                    submitted.put(rs.getString(1), rs.getBigDecimal(2));
                });
        List<GatePosition> out = new ArrayList<>();
        jdbc.sql("""
                        SELECT DISTINCT ON (m.participant_id) m.participant_id, b.id, b.capacity_kwh, b.soc_min_percent, b.soc_max_percent,
                               b.max_charge_kw, b.max_discharge_kw, b.round_trip_efficiency
                          FROM meters m LEFT JOIN batteries b ON b.participant_id = m.participant_id
                         WHERE m.substation_id = ANY (?) ORDER BY m.participant_id, b.id""")
                .param(zone)
                .query(rs -> {
                    String id = rs.getString(1);
                    Map<String, BigDecimal> m = means.getOrDefault(id, Map.of());
                    String battery = rs.getString(2);
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
                    BigDecimal maxCharge = m.getOrDefault("BATTERY_MAX_CHARGE_KW", rs.getBigDecimal(6));
                    BigDecimal maxDischarge = m.getOrDefault("BATTERY_MAX_DISCHARGE_KW", rs.getBigDecimal(7));
                    out.add(new GatePosition(id, energy, source, battery, rs.getBigDecimal(3), soc, rs.getBigDecimal(4), rs.getBigDecimal(5),
                            maxCharge, maxDischarge, rs.getBigDecimal(8), problem));
                });
        return out;
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
