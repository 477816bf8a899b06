package com.greenex.portal.market;

import com.greenex.portal.audit.AuditAction;
import com.greenex.portal.audit.AuditLog;
import com.greenex.portal.scada.SetpointOutcome;
import com.greenex.portal.scada.Substations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dispatch: each scheduled battery's setpoint for the interval (its scheduled charge, +, or
 * discharge, -, over the interval as power) written over OPC UA before the interval starts, read
 * back, recorded per battery and audited. A battery whose write failed is named with the reason and
 * the interval still goes on (that battery then shows as a deviation when metered).
 */
@Service
class BatteryDispatcher {

    private static final Logger log = LoggerFactory.getLogger(BatteryDispatcher.class);

    /** How the setpoints of one interval went. */
    record Dispatched(long intervalId, Map<SetpointOutcome.Outcome, Integer> outcomes) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final TransactionTemplate tx;
    private final Substations substations;
    private final IntervalLifecycle lifecycle;
    private final AuditLog audit;

    BatteryDispatcher(JdbcClient jdbc, JdbcTemplate batch, TransactionTemplate tx, Substations substations, IntervalLifecycle lifecycle, AuditLog audit) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.tx = tx;
        this.substations = substations;
        this.lifecycle = lifecycle;
        this.audit = audit;
    }

    /** The setpoints of a cleared interval, kW by battery (positive charges), from its scheduled battery energy over {@code hours}. */
    Map<String, BigDecimal> setpoints(long intervalId, BigDecimal hours) {
        Map<String, BigDecimal> kw = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT p.battery_id, d.direction, coalesce(d.energy_kwh, 0) FROM positions p
                          LEFT JOIN battery_dispatch d ON d.interval_id = p.interval_id AND d.battery_id = p.battery_id
                         WHERE p.interval_id = ? AND p.battery_id IS NOT NULL ORDER BY p.battery_id""")
                .param(intervalId)
                .query(rs -> {
                    BigDecimal power = rs.getBigDecimal(3).divide(hours, 3, RoundingMode.HALF_EVEN);
                    kw.put(rs.getString(1), "DISCHARGE".equals(rs.getString(2)) ? power.negate() : power);
                });
        return kw;
    }

    /** Writes the interval's setpoints through the bridge and moves it CLEARED → DISPATCHED. */
    Dispatched dispatch(long intervalId, BigDecimal hours) {
        return dispatch(intervalId, hours, substations::writeSetpoints);
    }

    /** The same through another writer (a standalone connection, in the benchmark). */
    Dispatched dispatch(long intervalId, BigDecimal hours, java.util.function.Function<Map<String, BigDecimal>, List<SetpointOutcome>> writer) {
        List<SetpointOutcome> outcomes = writer.apply(setpoints(intervalId, hours));
        return record(intervalId, outcomes, IntervalState.DISPATCHED);
    }

    /** The interval started before its setpoints could be written (the portal was down): recorded as too late, CLEARED → DELIVERING. */
    Dispatched tooLate(long intervalId, BigDecimal hours) {
        List<SetpointOutcome> outcomes = setpoints(intervalId, hours).entrySet().stream()
                .map(e -> new SetpointOutcome(e.getKey(), e.getValue(), null, "the interval had started before its setpoints were written", null))
                .toList();
        return record(intervalId, outcomes, IntervalState.DELIVERING);
    }

    private Dispatched record(long intervalId, List<SetpointOutcome> outcomes, IntervalState to) {
        Map<SetpointOutcome.Outcome, Integer> counts = new EnumMap<>(SetpointOutcome.Outcome.class);
        for (SetpointOutcome o : outcomes) {
            if (o.outcome() != null) {
                counts.merge(o.outcome(), 1, Integer::sum);
            }
        }
        tx.executeWithoutResult(t -> {
            // One batch for all batteries: 10^4 setpoints are one round trip's worth of rows, not 10^4 statements.
            batch.batchUpdate("""
                            INSERT INTO battery_setpoints (interval_id, battery_id, participant_id, setpoint_kw, outcome, detail, read_back_kw)
                            SELECT ?, ?, participant_id, ?, ?, ?, ? FROM batteries WHERE id = ?
                            ON CONFLICT (interval_id, battery_id) DO NOTHING""",
                    outcomes, 1000, (ps, o) -> {
                        ps.setLong(1, intervalId);
                        ps.setString(2, o.batteryId());
                        ps.setBigDecimal(3, o.kw());
                        ps.setString(4, o.outcome() == null ? "TOO_LATE" : o.outcome().name());
                        ps.setString(5, o.detail());
                        ps.setBigDecimal(6, o.readBack() == null ? null : o.readBack().setScale(3, RoundingMode.HALF_EVEN));
                        ps.setString(7, o.batteryId());
                    });
            Map<String, Object> details = new LinkedHashMap<>();
            counts.forEach((k, v) -> details.put(k.name(), v));
            details.put("batteries", outcomes.size());
            audit.append("market", AuditAction.SETPOINTS_WRITTEN, "interval:" + intervalId, details);
            lifecycle.move(intervalId, to);
        });
        long refused = outcomes.stream().filter(o -> o.outcome() != SetpointOutcome.Outcome.WRITTEN).count();
        if (refused > 0) {
            outcomes.stream().filter(o -> o.outcome() != SetpointOutcome.Outcome.WRITTEN).limit(3)
                    .forEach(o -> log.warn("interval {}: setpoint of battery {} not written: {}", intervalId, o.batteryId(), o.detail()));
        }
        return new Dispatched(intervalId, counts);
    }
}
