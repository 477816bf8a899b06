package com.greenex.db;

import com.greenex.db.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The migrations on a real PostgreSQL 17 (embedded, on loopback), from an empty database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MigrationsIT {

    private TestDatabase postgres;
    private DataSource db;

    @BeforeAll
    void start() throws Exception {
        postgres = TestDatabase.builder().unmigrated().start();
        postgres.execute("CREATE DATABASE greenex_migrations_it");
        db = postgres.dataSource("greenex_migrations_it");
        MigrateResult result = flyway().migrate();
        assertThat(result.success).isTrue();
        seedReferenceData();
    }

    @AfterAll
    void stop() {
        postgres.close();
    }

    private Flyway flyway() {
        return Flyway.configure().dataSource(db).locations("classpath:db/migration").load();
    }

    @Test
    void migrationsApplyFromEmptyAndASecondRunHasNothingToDo() throws SQLException {
        assertThat(flyway().info().applied()).extracting(i -> i.getVersion().getVersion())
                .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "21", "22", "23", "24", "25", "26");
        assertThat(flyway().migrate().migrationsExecuted).isZero();
        List<String> tables = strings("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
        assertThat(tables).contains("participants", "market_entry_applications", "application_reviews", "delistings",
                "meters", "batteries", "substations", "opcua_endpoints", "points", "readings", "latest_readings",
                "trading_intervals", "positions", "quotes", "clearing_results", "trades", "grid_exchanges",
                "battery_dispatch", "settlement_batches", "green_certificates", "certificate_sources", "users",
                "user_roles", "audit_log");
    }

    private void seedReferenceData() throws SQLException {
        exec("INSERT INTO substations (id, name) VALUES ('SS-01', 'Substation 1')");
        exec("INSERT INTO participants (id, name, kind, capacity_kw, voltage_level) VALUES "
                + "('P-001', 'Prosumer 1', 'PROSUMER', 8.5, '0.4kV'), ('P-002', 'Prosumer 2', 'PROSUMER', 5, '0.4kV')");
        exec("INSERT INTO meters (id, participant_id, substation_id, smart) VALUES ('M-001', 'P-001', 'SS-01', true)");
        exec("INSERT INTO batteries (id, participant_id, capacity_kwh) VALUES ('B-001', 'P-001', 50)");
        exec("INSERT INTO points (substation_id, participant_id, meter_id, quantity, node_id) VALUES "
                + "('SS-01', 'P-001', 'M-001', 'ACTIVE_POWER_KW', 'ns=2;s=SS-01/M-001/P')");
        exec("INSERT INTO points (substation_id, participant_id, battery_id, quantity, node_id) VALUES "
                + "('SS-01', 'P-001', 'B-001', 'SOC_PERCENT', 'nsu=urn:greenex:sim;s=SS-01/B-001/SOC')");
        exec("INSERT INTO trading_intervals (zone_id, starts_at, ends_at) VALUES ('SS-01', '2026-11-24 23:00+08', '2026-11-24 23:15+08')");
    }

    @Nested
    class ConstraintsRejectBadRows {

        @Test
        void socAbove100() {
            assertRejected("INSERT INTO positions (interval_id, participant_id, role, energy_kwh, battery_id, soc_percent, reservation_price) "
                    + "VALUES (1, 'P-001', 'SELL', 3, 'B-001', 100.5, 0.4)", "positions_soc_percent_check");
        }

        @Test
        void negativeOrZeroEnergy() {
            assertRejected("INSERT INTO positions (interval_id, participant_id, role, energy_kwh, reservation_price) "
                    + "VALUES (1, 'P-002', 'BUY', -1, 1.1)", "positions_energy_kwh_check");
        }

        @Test
        void aSecondRoleForTheSameParticipantInTheSameInterval() throws SQLException {
            exec("INSERT INTO positions (interval_id, participant_id, role, energy_kwh, reservation_price) VALUES (1, 'P-002', 'BUY', 2, 1.1)");
            try {
                assertRejected("INSERT INTO positions (interval_id, participant_id, role, energy_kwh, reservation_price) "
                        + "VALUES (1, 'P-002', 'SELL', 1, 0.4)", "positions_pkey");
            } finally {
                exec("DELETE FROM positions WHERE participant_id = 'P-002'");
            }
        }

        @Test
        void anUnknownParticipant() {
            assertRejected("INSERT INTO meters (id, participant_id, substation_id, smart) VALUES ('M-9', 'NOBODY', 'SS-01', true)",
                    "meters_participant_id_fkey");
        }

        @Test
        void socLimitsTheWrongWayRound() {
            assertRejected("INSERT INTO batteries (id, participant_id, capacity_kwh, soc_min_percent, soc_max_percent) "
                    + "VALUES ('B-9', 'P-001', 10, 80, 20)", "batteries_check");
        }

        @Test
        void aPointForAMeterAndABatteryAtOnce() {
            assertRejected("INSERT INTO points (substation_id, participant_id, meter_id, battery_id, quantity, node_id) "
                    + "VALUES ('SS-01', 'P-001', 'M-001', 'B-001', 'SOC_PERCENT', 'ns=2;s=x')", "points_check");
        }

        @Test
        void aMalformedNodeId() {
            assertRejected("INSERT INTO points (substation_id, participant_id, meter_id, quantity, node_id) "
                    + "VALUES ('SS-01', 'P-001', 'M-001', 'ENERGY_IMPORT_KWH', 'SS-01/M-001/Import')", "points_node_id_check");
        }

        @Test
        void aGoodReadingWithoutAValue() {
            assertRejected("INSERT INTO readings (point_id, source_time, value, status_code) VALUES (1, '2026-11-24 10:00Z', NULL, 0)",
                    "readings_check");
        }

        @Test
        void aFailedIntervalWithoutItsReason() {
            assertRejected("INSERT INTO trading_intervals (zone_id, starts_at, ends_at, status) VALUES ('SS-01', '2026-11-25 00:00Z', '2026-11-25 00:15Z', 'FAILED')",
                    "trading_intervals_reason_check");
        }
    }

    @Nested
    class IdempotentKeys {

        @Test
        void reIngestingTheSameReadingKeepsOneRow() throws SQLException {
            exec("SELECT ensure_reading_partitions('2026-11-24', '2026-11-25')");
            String insert = "INSERT INTO readings (point_id, source_time, value, status_code) VALUES (1, '2026-11-24 10:00:00.123456Z', 4.2, 0) "
                    + "ON CONFLICT (point_id, source_time) DO NOTHING";
            exec(insert);
            exec(insert);
            assertThat(strings("SELECT count(*) || ' ' || min(tableoid::regclass::text) FROM readings WHERE point_id = 1 "
                    + "AND source_time = '2026-11-24 10:00:00.123456Z'")).containsExactly("1 readings_20261124");
            assertRejected(insert.substring(0, insert.indexOf(" ON CONFLICT")), "readings_20261124_pkey");
        }

        @Test
        void aReadingOutsideEveryDayPartitionIsKeptInTheDefaultOne() throws SQLException {
            exec("INSERT INTO readings (point_id, source_time, value, status_code) VALUES (1, '2030-01-01 00:00Z', 1, 0)");
            assertThat(strings("SELECT tableoid::regclass::text FROM readings WHERE source_time = '2030-01-01 00:00Z'"))
                    .containsExactly("readings_default");
        }

        @Test
        void statusCodesKeepTheirSeverity() throws SQLException {
            exec("SELECT ensure_reading_partitions('2026-11-24', '2026-11-24')");
            exec("INSERT INTO readings (point_id, source_time, value, status_code) VALUES "
                    + "(2, '2026-11-24 11:00Z', 55, 0), (2, '2026-11-24 11:01Z', 55, 1083310080), (2, '2026-11-24 11:02Z', NULL, 2150891520)");
            assertThat(strings("SELECT quality FROM readings WHERE point_id = 2 ORDER BY source_time"))
                    .containsExactly("GOOD", "UNCERTAIN", "BAD");
        }

        @Test
        void aSubstationIsAZoneOfItsOwnAndEachZoneHasOneIntervalPerStart() throws SQLException {
            exec("INSERT INTO substations (id, name) VALUES ('SS-02', 'Substation 2')");
            assertThat(strings("SELECT zone_id || ' ' || z.name FROM substations s JOIN market_zones z ON z.id = s.zone_id WHERE s.id = 'SS-02'"))
                    .containsExactly("SS-02 Substation 2");
            exec("INSERT INTO market_zones (id, name) VALUES ('Z-NORTH', 'North')");
            exec("INSERT INTO substations (id, name, zone_id) VALUES ('SS-03', 'Substation 3', 'Z-NORTH')");
            assertThat(strings("SELECT zone_id FROM substations WHERE id = 'SS-03'")).containsExactly("Z-NORTH");
            exec("INSERT INTO trading_intervals (zone_id, starts_at, ends_at) VALUES ('SS-02', '2026-11-24 23:00+08', '2026-11-24 23:15+08')");
            assertRejected("INSERT INTO trading_intervals (zone_id, starts_at, ends_at) VALUES ('SS-02', '2026-11-24 23:00+08', '2026-11-24 23:15+08')",
                    "trading_intervals_zone_start");
            assertRejected("INSERT INTO trading_intervals (starts_at, ends_at) VALUES ('2026-11-24 23:30+08', '2026-11-24 23:45+08')",
                    "zone_id");
        }

        @Test
        void aNodeIsMappedOnceAtATimeAndAgainAfterItsPointWasRetired() throws SQLException {
            String point = "INSERT INTO points (substation_id, participant_id, meter_id, quantity, node_id) VALUES "
                    + "('SS-01', 'P-001', 'M-001', 'ENERGY_IMPORT_KWH', 'ns=2;s=SS-01/M-001/E')";
            exec(point);
            assertRejected(point, "points_active_node");
            exec("UPDATE points SET retired_at = now() WHERE node_id = 'ns=2;s=SS-01/M-001/E'");
            exec(point);
            assertThat(strings("SELECT count(*) || ' ' || count(retired_at) FROM points WHERE node_id = 'ns=2;s=SS-01/M-001/E'")).containsExactly("2 1");
            assertRejected("UPDATE substations SET state = 'PAUSED' WHERE id = 'SS-01'", "substations_state_why");
            assertRejected("UPDATE substations SET state = 'GONE' WHERE id = 'SS-01'", "substations_state_check");
        }

        @Test
        void anIntervalIsSettledInOneBatchNumberOnceAndATransactionHashIsUsedOnce() throws SQLException {
            exec("INSERT INTO clearing_results (interval_id, market_type, supply_kwh, demand_kwh, clearing_price, rounds, method, "
                    + "equilibrium, grid_feed_in_price, grid_retail_price, price_tick) "
                    + "VALUES (1, 'BUYERS_MARKET', 29, 13, 0.64, 2, 'PAPER_ITERATION', 'VERIFIED', 0.40, 1.10, 0.01)");
            exec("INSERT INTO settlement_batches (interval_id, batch_no, first_seq, last_seq, state, tx_hash) "
                    + "VALUES (1, 0, 0, 9, 'SENT', decode(repeat('ab', 32), 'hex'))");
            assertRejected("INSERT INTO settlement_batches (interval_id, batch_no, first_seq, last_seq) VALUES (1, 0, 0, 9)",
                    "settlement_batches_interval_id_batch_no_key");
            assertRejected("INSERT INTO settlement_batches (interval_id, batch_no, first_seq, last_seq, state, tx_hash) "
                    + "VALUES (1, 1, 10, 19, 'SENT', decode(repeat('ab', 32), 'hex'))", "settlement_batches_tx_hash_key");
            assertRejected("INSERT INTO trades (interval_id, seq, seller_id, buyer_id, energy_kwh, price, amount) "
                    + "VALUES (1, 0, 'P-001', 'P-002', 2, 0.64, 1.00)", "trades_check1");
        }
    }

    /** V20: an interval's schedule refers to what exists, checked per statement (one anti-join), on both sides. */
    @Nested
    class MarketReferencesCheckedPerStatement {

        private long interval() throws SQLException {
            return Long.parseLong(strings("INSERT INTO trading_intervals (zone_id, starts_at, ends_at) SELECT 'SS-01', s, s + interval '15 minutes' "
                    + "FROM (SELECT coalesce(max(starts_at), '2027-01-01 00:00Z') + interval '15 minutes' AS s FROM trading_intervals) x RETURNING id").getFirst());
        }

        private void cleared(long interval) throws SQLException {
            exec("INSERT INTO clearing_results (interval_id, market_type, supply_kwh, demand_kwh, clearing_price, rounds, method, "
                    + "equilibrium, grid_feed_in_price, grid_retail_price, price_tick) "
                    + "VALUES (" + interval + ", 'BUYERS_MARKET', 2, 1, 0.64, 2, 'PAPER_ITERATION', 'VERIFIED', 0.40, 1.10, 0.01)");
        }

        @Test
        void aStatementNamingAnUnknownParticipantWritesNothingAndNamesTheReference() throws SQLException {
            long iv = interval();
            assertThatThrownBy(() -> exec("INSERT INTO positions (interval_id, participant_id, role, energy_kwh, reservation_price) VALUES "
                    + "(" + iv + ", 'P-002', 'BUY', 2, 1.1), (" + iv + ", 'NOBODY', 'SELL', 1, 0.4)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("positions_participant_id_fkey")
                    .hasMessageContaining("Key (participant_id)=(NOBODY) is not present in table \"participants\"");
            assertThat(strings("SELECT count(*) FROM positions WHERE interval_id = " + iv)).containsExactly("0");
            assertRejected("INSERT INTO positions (interval_id, participant_id, role, energy_kwh, battery_id, soc_percent, reservation_price) "
                    + "VALUES (" + iv + ", 'P-001', 'SELL', 3, 'B-404', 50, 0.4)", "positions_battery_id_fkey");
            assertRejected("INSERT INTO positions (interval_id, participant_id, role, energy_kwh, reservation_price) "
                    + "VALUES (987654321, 'P-001', 'SELL', 3, 0.4)", "positions_interval_id_fkey");
        }

        @Test
        void resultsTradesGridAndBatteryRowsReferToTheirIntervalsPositionsAndParticipants() throws SQLException {
            long iv = interval();
            exec("INSERT INTO positions (interval_id, participant_id, role, energy_kwh, battery_id, soc_percent, reservation_price) VALUES "
                    + "(" + iv + ", 'P-001', 'SELL', 2, 'B-001', 50, 0.4), (" + iv + ", 'P-002', 'BUY', 1, NULL, NULL, 1.1)");
            // A position's result (V23: on its row) names its interval's clearing result: none before the interval is cleared.
            assertRejected("UPDATE positions SET market_kwh = 1, market_amount = 0.64 WHERE interval_id = " + iv + " AND participant_id = 'P-001'",
                    "positions_result_interval_id_fkey");
            cleared(iv);
            exec("UPDATE positions SET market_kwh = 1, market_amount = 0.64 WHERE interval_id = " + iv);
            exec("INSERT INTO trades (interval_id, seq, seller_id, buyer_id, energy_kwh, price, amount) VALUES (" + iv + ", 0, 'P-001', 'P-002', 1, 0.64, 0.64)");
            // One trade a pair and interval (V24: the index led by the seller keeps it).
            assertRejected("INSERT INTO trades (interval_id, seq, seller_id, buyer_id, energy_kwh, price, amount) VALUES (" + iv + ", 1, 'P-001', 'P-002', 1, 0.64, 0.64)",
                    "trades_seller_id_interval_id_buyer_id_key");
            assertRejected("INSERT INTO positions (interval_id, participant_id, role, energy_kwh, reservation_price, market_kwh, market_amount) VALUES ("
                    + interval() + ", 'P-001', 'SELL', 1, 0.4, 1, 0.64)", "positions_result_interval_id_fkey");
            // A result is whole: energy and amount together, a quote or rank only with them.
            assertRejected("UPDATE positions SET market_amount = NULL WHERE interval_id = " + iv + " AND participant_id = 'P-001'", "positions_result_whole");
            assertRejected("INSERT INTO positions (interval_id, participant_id, role, energy_kwh, reservation_price, rank) VALUES ("
                    + interval() + ", 'P-001', 'SELL', 1, 0.4, 1)", "positions_result_whole");
            assertRejected("INSERT INTO trades (interval_id, seq, seller_id, buyer_id, energy_kwh, price, amount) VALUES (" + iv + ", 1, 'P-001', 'NOBODY', 1, 0.64, 0.64)",
                    "trades_buyer_id_fkey");
            assertRejected("UPDATE trades SET seller_id = 'NOBODY' WHERE interval_id = " + iv, "trades_seller_id_fkey");
            assertRejected("INSERT INTO grid_exchanges (interval_id, participant_id, direction, energy_kwh, price, amount) VALUES (" + iv + ", 'NOBODY', 'EXPORT', 1, 0.4, 0.4)",
                    "grid_exchanges_participant_id_fkey");
            assertRejected("INSERT INTO battery_dispatch (interval_id, battery_id, participant_id, direction, energy_kwh, soc_before_percent, soc_after_percent) "
                    + "VALUES (" + iv + ", 'B-404', 'P-001', 'CHARGE', 1, 50, 52)", "battery_dispatch_battery_id_fkey");
            // The referenced rows stay while they are referenced: neither deleted nor given another key.
            assertRejected("DELETE FROM clearing_results WHERE interval_id = " + iv, "positions_result_interval_id_fkey");
            assertRejected("UPDATE clearing_results SET interval_id = " + (iv + 1000) + " WHERE interval_id = " + iv, "positions_result_interval_id_fkey");
            assertRejected("DELETE FROM participants WHERE id = 'P-002'", "positions_participant_id_fkey");
            assertRejected("UPDATE participants SET id = 'P-002b' WHERE id = 'P-002'", "positions_participant_id_fkey");
            exec("UPDATE participants SET id = 'P-002' WHERE id = 'P-002'");  // the key set to what it was: not a change
            assertThat(strings("SELECT count(*) FROM trades WHERE interval_id = " + iv + " AND seller_id = 'P-001'")).containsExactly("1");
        }

        @Test
        void aDeleteWaitsForTheWriterBeforeItAndThenSeesItsRows() throws Exception {
            exec("INSERT INTO participants (id, name, kind, capacity_kw, voltage_level) VALUES ('P-003', 'Prosumer 3', 'PROSUMER', 5, '0.4kV')");
            long iv = interval();
            try (Connection writer = db.getConnection()) {
                writer.setAutoCommit(false);
                try (Statement s = writer.createStatement()) {
                    s.execute("INSERT INTO positions (interval_id, participant_id, role, energy_kwh, reservation_price) VALUES (" + iv + ", 'P-003', 'BUY', 1, 1.1)");
                }
                java.util.concurrent.CompletableFuture<Void> delete = java.util.concurrent.CompletableFuture.runAsync(() -> {
                    try {
                        exec("DELETE FROM participants WHERE id = 'P-003'");
                    } catch (SQLException e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                });
                long until = System.nanoTime() + 30_000_000_000L;
                while (strings("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'DELETE FROM participants%'").getFirst().equals("0")) {
                    assertThat(System.nanoTime()).as("the delete waits on the writer's lock").isLessThan(until);
                    Thread.sleep(20);
                }
                assertThat(delete).isNotDone();
                writer.commit();
                assertThatThrownBy(delete::join).hasRootCauseInstanceOf(SQLException.class).rootCause().hasMessageContaining("positions_participant_id_fkey");
            }
            assertThat(strings("SELECT count(*) FROM participants WHERE id = 'P-003'")).containsExactly("1");
        }
    }

    @Nested
    class AuditLog {

        @Test
        void isAHashChainThatDetectsAChangedRow() throws SQLException {
            long first = append("regulator-1", "APPROVE_ENTRY", "P-001", "{\"comment\": \"meter verified\"}");
            long second = append("dispatcher-1", "SETTING_CHANGED", "interval-length", "{\"from\": 15, \"to\": 5}");
            append("admin", "LOGIN", "", "{}");
            assertThat(second).isEqualTo(first + 1);
            assertThat(problems()).isEmpty();

            // Only someone who can switch off the database's triggers can change a row; the chain shows it.
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                s.execute("SET session_replication_role = replica");
                s.execute("UPDATE audit_log SET details = '{\"from\": 15, \"to\": 1}' WHERE seq = " + second);
            }
            assertThat(problems()).containsExactly(second + ": content does not match its hash (the row was changed)");
        }

        @Test
        void refusesUpdateDeleteAndTruncate() throws SQLException {
            long seq = append("admin", "LOGIN", "", "{}");
            assertThatThrownBy(() -> exec("UPDATE audit_log SET actor = 'someone-else' WHERE seq = " + seq))
                    .hasMessageContaining("audit_log is append-only: UPDATE is not allowed");
            assertThatThrownBy(() -> exec("DELETE FROM audit_log WHERE seq = " + seq))
                    .hasMessageContaining("audit_log is append-only: DELETE is not allowed");
            assertThatThrownBy(() -> exec("TRUNCATE audit_log"))
                    .hasMessageContaining("audit_log is append-only: TRUNCATE is not allowed");
        }

        private long append(String actor, String action, String subject, String details) throws SQLException {
            try (Connection c = db.getConnection();
                 PreparedStatement ps = c.prepareStatement(
                         "INSERT INTO audit_log (actor, action, subject, details) VALUES (?, ?, ?, ?::jsonb) RETURNING seq")) {
                ps.setString(1, actor);
                ps.setString(2, action);
                ps.setString(3, subject);
                ps.setString(4, details);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }

        private List<String> problems() throws SQLException {
            return strings("SELECT seq || ': ' || problem FROM audit_verify()");
        }
    }

    @Test
    void removingAnAuditRowIsDetectedToo() throws Exception {
        DataSource other = ownDatabase("greenex_audit_removal", null);
        try (Connection c = other.getConnection(); Statement s = c.createStatement()) {
            for (int i = 0; i < 4; i++) {
                s.execute("INSERT INTO audit_log (actor, action) VALUES ('admin', 'LOGIN')");
            }
            s.execute("SET session_replication_role = replica");
            s.execute("DELETE FROM audit_log WHERE seq IN (2, 4)");
            s.execute("SET session_replication_role = origin");
            List<String> problems = strings(s, "SELECT seq || ': ' || problem FROM audit_verify()");
            assertThat(problems).containsExactly(
                    "2: row 2 is missing",
                    "3: prev_hash does not match the hash of the row before",
                    "4: the chain head does not match the last row (rows were removed at the end)");
        }
    }

    @Test
    void theReadingsSumsFollowTheGridTheMarketLays() throws Exception {
        DataSource other = ownDatabase("greenex_sum_grid", null);  // the grid is one row for the whole platform
        try (Connection c = other.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO substations (id, name) VALUES ('SS-01', 'Substation 1')");
            s.execute("INSERT INTO participants (id, name, kind, capacity_kw, voltage_level) VALUES ('P-001', 'Prosumer 1', 'PROSUMER', 8.5, '0.4kV')");
            s.execute("INSERT INTO meters (id, participant_id, substation_id, smart) VALUES ('M-001', 'P-001', 'SS-01', true)");
            s.execute("INSERT INTO points (substation_id, participant_id, meter_id, quantity, node_id) VALUES "
                    + "('SS-01', 'P-001', 'M-001', 'ACTIVE_POWER_KW', 'ns=2;s=SS-01/M-001/P')");
            assertThat(strings(s, "SELECT width::text || ' ' || to_char(origin AT TIME ZONE 'UTC', 'HH24:MI') FROM reading_sum_grid"))
                    .as("V21's five-minute buckets until the market lays its own").containsExactly("00:05:00 00:00");
            // A quarter-hour market whose gates close 5 minutes before its intervals: buckets of 15 minutes from xx:10.
            assertThat(strings(s, "SELECT set_reading_sum_grid(interval '15 minutes', timestamptz '1970-01-01 00:10Z')")).containsExactly("t");
            assertThat(strings(s, "SELECT set_reading_sum_grid(interval '15 minutes', timestamptz '2026-12-04 08:25Z')"))
                    .as("the same grid, given by another of its bucket starts").containsExactly("f");
            assertThat(strings(s, "SELECT since > now() FROM reading_sum_grid")).as("every reading summed from a minute after the change").containsExactly("t");
            s.execute("INSERT INTO readings (point_id, source_time, value, status_code) VALUES "
                    + "(1, '2030-06-01 08:12Z', 2.5, 0), (1, '2030-06-01 08:24Z', 3.5, 0), (1, '2030-06-01 08:26Z', 1, 0)");
            assertThat(strings(s, "SELECT to_char(bucket_start AT TIME ZONE 'UTC', 'HH24:MI') || ' ' || samples || ' ' || total || ' ' || last_value "
                    + "FROM reading_sums ORDER BY bucket_start"))
                    .as("buckets on the new grid").containsExactly("08:10 2 6.000000 3.500000", "08:25 1 1.000000 1.000000");
            assertThatThrownBy(() -> s.execute("SELECT set_reading_sum_grid(interval '0 seconds', now())")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("buckets of 1 second to 1 day, not 00:00:00");
        }
    }

    private static List<String> strings(Statement s, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void anUpgradeMovesEachParticipantsResultOntoItsPosition() throws Exception {
        // A database at V22 with a cleared interval (results in participant_results), then upgraded.
        DataSource other = ownDatabase("greenex_results_upgrade", "22");
        try (Connection c = other.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO substations (id, name) VALUES ('SS-01', 'Substation 1')");
            s.execute("INSERT INTO participants (id, name, kind, capacity_kw, voltage_level) VALUES "
                    + "('P-001', 'Prosumer 1', 'PROSUMER', 8.5, '0.4kV'), ('P-002', 'Prosumer 2', 'PROSUMER', 5, '0.4kV')");
            s.execute("INSERT INTO trading_intervals (zone_id, starts_at, ends_at) VALUES ('SS-01', '2026-11-24 23:00+08', '2026-11-24 23:15+08')");
            s.execute("INSERT INTO positions (interval_id, participant_id, role, energy_kwh, reservation_price) VALUES "
                    + "(1, 'P-001', 'SELL', 2, 0.4), (1, 'P-002', 'BUY', 1, 1.1)");
            s.execute("INSERT INTO clearing_results (interval_id, market_type, supply_kwh, demand_kwh, clearing_price, rounds, method, "
                    + "equilibrium, grid_feed_in_price, grid_retail_price, price_tick) "
                    + "VALUES (1, 'BUYERS_MARKET', 2, 1, 0.64, 2, 'PAPER_ITERATION', 'VERIFIED', 0.40, 1.10, 0.01)");
            s.execute("INSERT INTO participant_results (interval_id, participant_id, final_quote, rank, market_kwh, market_amount) VALUES "
                    + "(1, 'P-001', 0.63, 1, 1, 0.64), (1, 'P-002', NULL, NULL, 1, 0.64)");
        }
        Flyway.configure().dataSource(other).locations("classpath:db/migration").load().migrate();
        try (Connection c = other.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT participant_id, final_quote, rank, market_kwh, market_amount, result_interval_id FROM positions ORDER BY 1")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4) + " " + rs.getString(5) + " " + rs.getString(6));
            }
            assertThat(rows).containsExactly("P-001 0.630000 1 1.000000 0.640000000000 1", "P-002 null null 1.000000 0.640000000000 1");
            try (ResultSet gone = s.executeQuery("SELECT to_regclass('participant_results') IS NULL")) {
                assertThat(gone.next() && gone.getBoolean(1)).as("participant_results is gone").isTrue();
            }
        }
    }

    /** A database of its own, so that the other tests' rows do not matter, migrated up to {@code target} (null: every migration). */
    private DataSource ownDatabase(String name, String target) throws Exception {
        postgres.execute("CREATE DATABASE " + name);
        DataSource other = postgres.dataSource(name);
        org.flywaydb.core.api.configuration.FluentConfiguration config = Flyway.configure().dataSource(other).locations("classpath:db/migration");
        (target == null ? config : config.target(target)).load().migrate();
        return other;
    }

    private void assertRejected(String sql, String constraint) {
        assertThatThrownBy(() -> exec(sql)).isInstanceOf(SQLException.class).hasMessageContaining(constraint);
    }

    private void exec(String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private List<String> strings(String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            return strings(s, sql);
        }
    }
}
