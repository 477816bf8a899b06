package com.greenex.portal.testing;

import com.greenex.portal.market.IntervalState;
import com.greenex.rules.Standing;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Reference data for a test, said as a sentence and written in one go:
 * {@code data.substation("SS-01"); data.save(aParticipant("P-1").admitted().withBattery("50").in("SS-01"))}.
 * Each participant gets a smart meter {@code M-<id>} (and a battery {@code B-<id>} when it has one);
 * {@link #point} registers the meter's or battery's OPC UA points.
 */
public final class ReferenceData {

    private final JdbcClient jdbc;
    /** The substation named last: intervals are its zone's. */
    private String substation;

    ReferenceData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public static ParticipantBuilder aParticipant(String id) {
        return new ParticipantBuilder(id);
    }

    public ReferenceData substation(String id) {
        jdbc.sql("INSERT INTO substations (id, name) VALUES (?, ?) ON CONFLICT (id) DO NOTHING").params(id, "Substation " + id).update();
        this.substation = id;
        return this;
    }

    /** Writes the participant, its meter and its battery (the substation must exist). */
    public ReferenceData save(ParticipantBuilder p) {
        jdbc.sql("INSERT INTO participants (id, name, kind, capacity_kw, voltage_level, trading_client_installed, status) "
                        + "VALUES (?, ?, 'PROSUMER', ?, '0.4kV', ?, ?)")
                .params(p.id, "Prosumer " + p.id, p.capacityKw, p.tradingClient, p.status.name()).update();
        jdbc.sql("INSERT INTO meters (id, participant_id, substation_id, smart) VALUES (?, ?, ?, true)")
                .params(p.meterId(), p.id, p.substation).update();
        if (p.batteryKwh != null) {
            jdbc.sql("INSERT INTO batteries (id, participant_id, capacity_kwh, max_charge_kw, max_discharge_kw) VALUES (?, ?, ?, ?, ?)")
                    .params(p.batteryId(), p.id, p.batteryKwh, p.maxChargeKw, p.maxDischargeKw).update();
        }
        return this;
    }

    /** Registers a point of the participant's meter (energy and power quantities) or battery (SOC), returning its id. */
    public long point(ParticipantBuilder p, String quantity) {
        boolean battery = quantity.startsWith("SOC") || quantity.startsWith("BATTERY");
        if (battery && p.batteryKwh == null) {
            throw new IllegalArgumentException(p.id + " has no battery for a " + quantity + " point");
        }
        return jdbc.sql("INSERT INTO points (substation_id, participant_id, meter_id, battery_id, quantity, node_id) VALUES (?, ?, ?, ?, ?, ?) "
                        + "RETURNING id")
                .params(p.substation, p.id, battery ? null : p.meterId(), battery ? p.batteryId() : null, quantity,
                        "ns=2;s=" + p.substation + "/" + p.id + "/" + quantity)
                .query(Long.class).single();
    }

    /**
     * An interval row in the given state, as the market would have left it (gate closure at its start),
     * in the zone of the substation named last (or of the first substation); returns its id.
     */
    public long interval(Instant start, Instant end, IntervalState state) {
        return jdbc.sql("INSERT INTO trading_intervals (zone_id, starts_at, ends_at, status, failure_reason) "
                        + "VALUES (coalesce((SELECT zone_id FROM substations WHERE id = ?), (SELECT min(zone_id) FROM substations)), ?, ?, ?, ?) "
                        + "ON CONFLICT (zone_id, starts_at) DO UPDATE SET status = excluded.status, failure_reason = excluded.failure_reason RETURNING id")
                .params(substation, Timestamp.from(start), Timestamp.from(end), state.name(),
                        state == IntervalState.FAILED || state == IntervalState.MISSED ? "set by a test" : null)
                .query(Long.class).single();
    }

    public static final class ParticipantBuilder {
        private final String id;
        private Standing.Status status = Standing.Status.APPLIED;
        private BigDecimal batteryKwh;
        private BigDecimal maxChargeKw;
        private BigDecimal maxDischargeKw;
        private BigDecimal capacityKw = BigDecimal.TEN;
        private boolean tradingClient = true;
        private String substation = "SS-01";

        private ParticipantBuilder(String id) {
            this.id = id;
        }

        public ParticipantBuilder admitted() {
            return standing(Standing.Status.ADMITTED);
        }

        public ParticipantBuilder delisted() {
            return standing(Standing.Status.DELISTED);
        }

        public ParticipantBuilder standing(Standing.Status s) {
            this.status = s;
            return this;
        }

        public ParticipantBuilder withBattery(String capacityKwh) {
            this.batteryKwh = new BigDecimal(capacityKwh);
            return this;
        }

        /** The battery's charge and discharge power limits, kW (none by default). */
        public ParticipantBuilder powerLimitsKw(String charge, String discharge) {
            this.maxChargeKw = new BigDecimal(charge);
            this.maxDischargeKw = new BigDecimal(discharge);
            return this;
        }

        public ParticipantBuilder capacity(String kw) {
            this.capacityKw = new BigDecimal(kw);
            return this;
        }

        public ParticipantBuilder withoutTradingClient() {
            this.tradingClient = false;
            return this;
        }

        public ParticipantBuilder in(String substationId) {
            this.substation = substationId;
            return this;
        }

        public String id() {
            return id;
        }

        public String meterId() {
            return "M-" + id;
        }

        public String batteryId() {
            return "B-" + id;
        }
    }
}
