package com.greenex.scada.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PositionReaderIT {

    private static final long BAD = 0x80050000L;
    private static final Instant T0 = Instant.parse("2026-11-24T15:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-24T15:15:00Z");

    private StoreDatabase db;

    @BeforeAll
    void start() throws Exception {
        db = StoreDatabase.start(2);
        try (Connection c = db.dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO substations (id, name) VALUES ('SS-01', 'S')");
            s.execute("INSERT INTO participants (id, name, kind, capacity_kw, voltage_level) "
                    + "SELECT 'P-' || i, 'P', 'PROSUMER', 5, '0.4kV' FROM generate_series(1, 3) i");
            s.execute("INSERT INTO meters (id, participant_id, substation_id, smart) SELECT 'M-' || i, 'P-' || i, 'SS-01', true FROM generate_series(1, 3) i");
            s.execute("INSERT INTO batteries (id, participant_id, capacity_kwh) VALUES ('B-1', 'P-1', 50)");
            // points 1-6: import (odd) and export (even) counters per meter; 7: SOC of B-1
            s.execute("INSERT INTO points (substation_id, participant_id, meter_id, quantity, node_id) "
                    + "SELECT 'SS-01', 'P-' || i, 'M-' || i, q, 'ns=2;s=M-' || i || '/' || q "
                    + "FROM generate_series(1, 3) i, unnest(ARRAY['ENERGY_IMPORT_KWH', 'ENERGY_EXPORT_KWH']) q ORDER BY i, q DESC");
            s.execute("INSERT INTO points (substation_id, participant_id, battery_id, quantity, node_id) VALUES ('SS-01', 'P-1', 'B-1', 'SOC_PERCENT', 'ns=2;s=B-1/SOC')");
        }
        ReadingStore store = new ReadingStore(db.dataSource);
        store.write(List.of(
                // P-1 imports 0.25 kWh and exports 4.5 kWh; a bad export value in between is ignored
                new Reading(1, T0.minusSeconds(30), null, new BigDecimal("100.000"), 0),
                new Reading(1, T1.minusSeconds(10), null, new BigDecimal("100.250"), 0),
                new Reading(2, T0.minusSeconds(30), null, new BigDecimal("2000.000"), 0),
                new Reading(2, T0.plusSeconds(300), null, null, BAD),
                new Reading(2, T1.minusSeconds(10), null, new BigDecimal("2004.500"), 0),
                new Reading(7, T1.minusSeconds(5), null, new BigDecimal("63.5"), 0),
                // P-2 imports 3 kWh (point 3), exports nothing (point 4)
                new Reading(3, T0, null, new BigDecimal("10"), 0),
                new Reading(3, T1, null, new BigDecimal("13"), 0),
                new Reading(4, T0, null, new BigDecimal("7"), 0),
                new Reading(4, T1, null, new BigDecimal("7"), 0),
                // P-3: its meter only started reporting during the interval
                new Reading(5, T0.plusSeconds(60), null, new BigDecimal("1"), 0),
                new Reading(6, T0.plusSeconds(60), null, new BigDecimal("1"), 0)));
    }

    @AfterAll
    void stop() throws Exception {
        db.close();
    }

    @Test
    void positionsComeFromTheCountersGoodReadingsOnly() throws Exception {
        List<Position> positions = new PositionReader(db.dataSource).positions("SS-01", T0, T1);

        assertThat(positions).extracting(Position::participantId).containsExactly("P-1", "P-2", "P-3");
        Position p1 = positions.get(0);
        assertThat(p1.complete()).isTrue();
        assertThat(p1.exportedKwh()).isEqualByComparingTo("4.5");
        assertThat(p1.importedKwh()).isEqualByComparingTo("0.25");
        assertThat(p1.netKwh()).hasValueSatisfying(n -> assertThat(n).isEqualByComparingTo("4.25"));
        assertThat(p1.socPercent()).isEqualByComparingTo("63.5");
        assertThat(positions.get(1).netKwh()).hasValueSatisfying(n -> assertThat(n).isEqualByComparingTo("-3"));
        assertThat(positions.get(1).batteryId()).isNull();
        assertThat(positions.get(2).complete()).isFalse();
        assertThat(positions.get(2).problem()).isEqualTo("meter M-3 has no good counter reading at or before the interval start " + T0);
        assertThat(positions.get(2).netKwh()).isEmpty();
    }
}
