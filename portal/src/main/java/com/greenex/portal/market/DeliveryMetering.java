package com.greenex.portal.market;

import com.greenex.rules.BatteryDelivery;
import com.greenex.rules.Finding;
import com.greenex.rules.MarketRules;
import com.greenex.scada.store.Position;
import com.greenex.scada.store.PositionReader;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Delivery, after the interval (plus the grace for late readings): each participant's metered net
 * (export +, import -, from its counters) against its schedule at the meter (market + grid), the
 * deviation settled at the imbalance prices (a shortfall bought at retail, an excess sold at
 * feed-in, by default); whether its battery followed its setpoint (the SOC it moved over the
 * interval against the energy scheduled, within a tolerance); the energy of each trade the seller's
 * meter confirmed; what PV minus load actually was (the forecast's error). Then METERED.
 */
@Service
class DeliveryMetering {

    /** A battery followed its setpoint when its stored energy moved within this share of the scheduled energy ... */
    static final BigDecimal TOLERANCE_SHARE = new BigDecimal("0.10");
    /** ... or within this share of its capacity, whichever is larger. */
    static final BigDecimal TOLERANCE_CAPACITY = new BigDecimal("0.01");

    /** The result of metering one interval. */
    record Metered(long intervalId, int participants, BigDecimal deviationKwh, int batteriesFollowed, int batteriesMissed,
                   BigDecimal forecastMaeKwh, List<String> missed) {
    }

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final TransactionTemplate tx;
    private final MarketProperties market;
    private final IntervalLifecycle lifecycle;
    private final MarketRules rules;

    DeliveryMetering(JdbcClient jdbc, DataSource dataSource, TransactionTemplate tx, MarketProperties market, IntervalLifecycle lifecycle,
                     MarketRules rules) {
        this.rules = rules;
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.tx = tx;
        this.market = market;
        this.lifecycle = lifecycle;
    }

    private record Scheduled(String role, BigDecimal atMeterKwh, BigDecimal energyKwh, String batteryId, BigDecimal batteryStoredKwh,
                             BigDecimal capacityKwh, BigDecimal efficiency) {
    }

    Metered meter(List<String> substations, IntervalLifecycle.Interval iv) {
        long id = iv.id();
        Map<String, Scheduled> schedule = new HashMap<>();
        jdbc.sql("""
                        SELECT p.participant_id, p.role, coalesce(p.market_kwh, 0) + coalesce(g.energy_kwh, 0), p.energy_kwh, p.battery_id,
                               CASE d.direction WHEN 'CHARGE' THEN d.energy_kwh * b.round_trip_efficiency WHEN 'DISCHARGE' THEN -d.energy_kwh ELSE 0 END,
                               b.capacity_kwh, b.round_trip_efficiency
                          FROM positions p
                          LEFT JOIN grid_exchanges g ON g.interval_id = p.interval_id AND g.participant_id = p.participant_id
                          LEFT JOIN battery_dispatch d ON d.interval_id = p.interval_id AND d.battery_id = p.battery_id
                          LEFT JOIN batteries b ON b.id = p.battery_id
                         WHERE p.interval_id = ?""")
                .param(id)
                .query(rs -> {
                    BigDecimal atMeter = "SELL".equals(rs.getString(2)) ? rs.getBigDecimal(3) : rs.getBigDecimal(3).negate();
                    schedule.put(rs.getString(1), new Scheduled(rs.getString(2), atMeter, rs.getBigDecimal(4), rs.getString(5), rs.getBigDecimal(6),
                            rs.getBigDecimal(7), rs.getBigDecimal(8)));
                });
        Map<String, BigDecimal> socAtStart = new HashMap<>();
        jdbc.sql("""
                        SELECT p.participant_id, (SELECT r.value FROM readings r WHERE r.point_id = p.id AND r.source_time <= ? AND r.quality = 'GOOD'
                                                  ORDER BY r.source_time DESC LIMIT 1)
                          FROM points p WHERE p.substation_id = ANY (?) AND p.quantity = 'SOC_PERCENT' AND p.retired_at IS NULL""")
                .params(Timestamp.from(iv.start()), substations.toArray(String[]::new))
                .query(rs -> {
                    if (rs.getBigDecimal(2) != null) {
                        socAtStart.put(rs.getString(1), rs.getBigDecimal(2));
                    }
                });
        List<Position> metered = new java.util.ArrayList<>();
        try {
            for (String substation : substations) {
                metered.addAll(new PositionReader(dataSource).positions(substation, iv.start(), iv.end()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("interval " + id + ": the meters could not be read: " + e.getMessage(), e);
        }
        return tx.execute(t -> {
            BigDecimal totalDeviation = BigDecimal.ZERO;
            BigDecimal absForecastError = BigDecimal.ZERO;
            int forecasts = 0;
            int followed = 0;
            List<String> missedReasons = new java.util.ArrayList<>();
            int missed = 0;
            int n = 0;
            for (Position m : metered) {
                if (m.exportedKwh() == null || m.importedKwh() == null || (m.problem() != null && m.problem().startsWith("meter"))) {
                    continue; // no complete counters: nothing can be said of this participant's delivery
                }
                n++;
                Scheduled s = schedule.get(m.participantId());
                BigDecimal net = m.exportedKwh().subtract(m.importedKwh());
                BigDecimal scheduled = s == null ? BigDecimal.ZERO : s.atMeterKwh();
                BigDecimal deviation = net.subtract(scheduled);
                BigDecimal price = deviation.signum() >= 0 ? market.imbalanceExcessPrice() : market.imbalanceShortfallPrice();
                BigDecimal batteryMetered = null;
                Boolean batteryFollowed = null;
                BigDecimal batteryAc = BigDecimal.ZERO;
                if (s != null && s.batteryId() != null && m.socPercent() != null && socAtStart.containsKey(m.participantId())) {
                    batteryMetered = m.socPercent().subtract(socAtStart.get(m.participantId())).multiply(s.capacityKwh())
                            .movePointLeft(2).setScale(6, RoundingMode.HALF_EVEN);
                    BigDecimal tolerance = s.batteryStoredKwh().abs().multiply(TOLERANCE_SHARE).max(s.capacityKwh().multiply(TOLERANCE_CAPACITY))
                            .setScale(6, RoundingMode.HALF_EVEN);
                    // The rules judge it (delivery.drl), and name the deviation of one that did not follow.
                    List<Finding> verdict = rules.checkDelivery(List.of(new BatteryDelivery(Long.toString(id), m.participantId(), s.batteryId(),
                            s.batteryStoredKwh(), batteryMetered, tolerance)));
                    batteryFollowed = verdict.stream().noneMatch(Finding::failed);
                    verdict.stream().filter(Finding::failed).forEach(f -> missedReasons.add(f.subject() + ": " + f.reason()));
                    if (batteryFollowed) {
                        followed++;
                    } else {
                        missed++;
                    }
                    // What went through the battery at its terminals: the energy stored over the efficiency, or what it gave.
                    batteryAc = batteryMetered.signum() > 0 ? batteryMetered.divide(s.efficiency(), 6, RoundingMode.HALF_EVEN) : batteryMetered;
                }
                jdbc.sql("""
                                INSERT INTO deliveries (interval_id, participant_id, scheduled_kwh, metered_kwh, deviation_kwh, price, amount,
                                                        battery_scheduled_kwh, battery_metered_kwh, battery_followed)
                                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (interval_id, participant_id) DO NOTHING""")
                        .params(id, m.participantId(), scheduled, net, deviation, price, price.multiply(deviation),
                                s == null || s.batteryId() == null ? null : s.batteryStoredKwh(), batteryMetered, batteryFollowed)
                        .update();
                totalDeviation = totalDeviation.add(deviation.abs());
                if (s != null) {
                    // PV minus load as it was: the meter's net plus what went into the battery.
                    BigDecimal actual = net.add(batteryAc);
                    jdbc.sql("UPDATE positions SET actual_kwh = ? WHERE interval_id = ? AND participant_id = ?").params(actual, id, m.participantId())
                            .update();
                    BigDecimal forecast = "SELL".equals(s.role()) ? s.energyKwh() : s.energyKwh().negate();
                    absForecastError = absForecastError.add(forecast.subtract(actual).abs());
                    forecasts++;
                }
                if (s != null && "SELL".equals(s.role()) && s.atMeterKwh().signum() > 0) {
                    // The share of the seller's scheduled export its meter confirmed: its trades count only that much (certificates).
                    BigDecimal share = net.max(BigDecimal.ZERO).divide(s.atMeterKwh(), 9, RoundingMode.HALF_EVEN).min(BigDecimal.ONE);
                    jdbc.sql("UPDATE trades SET delivered_kwh = trunc(energy_kwh * ?, 6) WHERE interval_id = ? AND seller_id = ?")
                            .params(share, id, m.participantId()).update();
                }
            }
            jdbc.sql("UPDATE trades SET delivered_kwh = 0 WHERE interval_id = ? AND delivered_kwh IS NULL").param(id).update();
            lifecycle.move(id, IntervalState.METERED);
            BigDecimal mae = forecasts == 0 ? null : absForecastError.divide(BigDecimal.valueOf(forecasts), 6, RoundingMode.HALF_EVEN);
            return new Metered(id, n, totalDeviation, followed, missed, mae, missedReasons);
        });
    }
}
