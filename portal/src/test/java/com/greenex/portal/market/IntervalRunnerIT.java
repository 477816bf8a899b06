package com.greenex.portal.market;

import com.greenex.portal.GreenexApplication;
import com.greenex.scada.store.Reading;
import com.greenex.scada.store.ReadingStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One interval end to end on the embedded PostgreSQL: readings in, results, trades and the settlement outbox out. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntervalRunnerIT {

    private static final Instant T0 = Instant.parse("2026-11-24T04:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-24T04:15:00Z");

    @TempDir
    static Path dir;
    private ConfigurableApplicationContext app;
    private JdbcClient jdbc;

    @BeforeAll
    void start() throws Exception {
        app = new SpringApplicationBuilder(GreenexApplication.class)
                .run("--server.port=0", "--server.address=127.0.0.1", "--greenex.db.embedded.data-dir=" + dir.resolve("pg"), "--greenex.chain.state-file=" + dir.resolve("chain.json"));
        jdbc = app.getBean(JdbcClient.class);
        jdbc.sql("INSERT INTO substations (id, name) VALUES ('SS-01', 'S')").update();
        // P-1 sells 8 kWh and has a half-full battery; P-2 and P-3 buy 3 and 2 kWh; P-4 would sell but is delisted.
        String[][] people = {{"P-1", "ADMITTED"}, {"P-2", "ADMITTED"}, {"P-3", "ADMITTED"}, {"P-4", "DELISTED"}};
        for (String[] p : people) {
            jdbc.sql("INSERT INTO participants (id, name, kind, capacity_kw, voltage_level, status) VALUES (?, ?, 'PROSUMER', 10, '0.4kV', ?)")
                    .params(p[0], p[0], p[1]).update();
            jdbc.sql("INSERT INTO meters (id, participant_id, substation_id, smart) VALUES (?, ?, 'SS-01', true)").params("M" + p[0], p[0]).update();
        }
        jdbc.sql("INSERT INTO batteries (id, participant_id, capacity_kwh) VALUES ('B-1', 'P-1', 50)").update();
        List<Reading> readings = new ArrayList<>();
        String[][] counters = {{"P-1", "8", "0"}, {"P-2", "0", "3"}, {"P-3", "1", "3"}, {"P-4", "5", "0"}}; // exported, imported
        for (String[] c : counters) {
            long export = point(c[0], "M" + c[0], null, "ENERGY_EXPORT_KWH");
            long imp = point(c[0], "M" + c[0], null, "ENERGY_IMPORT_KWH");
            readings.add(new Reading(export, T0, null, new BigDecimal("100"), 0));
            readings.add(new Reading(export, T1, null, new BigDecimal("100").add(new BigDecimal(c[1])), 0));
            readings.add(new Reading(imp, T0, null, new BigDecimal("50"), 0));
            readings.add(new Reading(imp, T1, null, new BigDecimal("50").add(new BigDecimal(c[2])), 0));
        }
        readings.add(new Reading(point("P-1", null, "B-1", "SOC_PERCENT"), T1.minusSeconds(5), null, new BigDecimal("50"), 0));
        new ReadingStore(app.getBean(DataSource.class)).write(readings);
    }

    private long point(String participant, String meter, String battery, String quantity) {
        return jdbc.sql("INSERT INTO points (substation_id, participant_id, meter_id, battery_id, quantity, node_id) VALUES ('SS-01', ?, ?, ?, ?, ?) RETURNING id")
                .params(participant, meter, battery, quantity, "ns=2;s=" + participant + "/" + quantity).query(Long.class).single();
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void anIntervalClearsFromReadingsToTradesAndTheSettlementOutboxOnce() throws Exception {
        IntervalRunner runner = app.getBean(IntervalRunner.class);

        IntervalOutcome outcome = runner.run("SS-01", T0, T1);

        assertThat(outcome.status()).isEqualTo("CLEARED");
        assertThat(outcome.skipped()).singleElement().asString().contains("P-4").contains("RejectTradingWhenNotAdmitted");
        // Supply 8 > demand 5: a buyer's market; P-2 buys 3 and P-3 buys 2 from P-1, the rest goes to P-1's battery.
        assertThat(jdbc.sql("SELECT market_type FROM clearing_results WHERE interval_id = ?").param(outcome.intervalId()).query(String.class).single())
                .isEqualTo("BUYERS_MARKET");
        assertThat(jdbc.sql("SELECT buyer_id || ':' || energy_kwh::text FROM trades WHERE interval_id = ? ORDER BY seq").param(outcome.intervalId())
                .query(String.class).list()).containsExactlyInAnyOrder("P-2:3.000000", "P-3:2.000000");
        assertThat(jdbc.sql("SELECT energy_kwh FROM battery_dispatch WHERE interval_id = ? AND battery_id = 'B-1'").param(outcome.intervalId())
                .query(BigDecimal.class).single()).isEqualByComparingTo("3");
        assertThat(outcome.settlementBatches()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM settlement_batches WHERE interval_id = ? AND state = 'PENDING'").param(outcome.intervalId())
                .query(Integer.class).single()).isEqualTo(1);

        // Settled on the development chain, and the chain agrees with the database.
        com.greenex.settlement.SettlementWorker.Round round = app.getBean(com.greenex.settlement.SettlementWorker.class).runOnce();
        assertThat(round.sent()).isEqualTo(1);
        assertThat(round.confirmed()).isEqualTo(1);
        var contracts = app.getBean(com.greenex.portal.chain.ChainConfiguration.Contracts.class);
        var verifier = new com.greenex.settlement.SettlementVerifier(app.getBean(DataSource.class),
                app.getBean(org.web3j.protocol.Web3j.class), contracts.settlement());
        assertThat(verifier.verifyInterval(outcome.intervalId())).isEmpty();
        app.getBean(IntervalStatus.class).advance();
        assertThat(jdbc.sql("SELECT status FROM trading_intervals WHERE id = ?").param(outcome.intervalId()).query(String.class).single())
                .isEqualTo("SETTLED");

        IntervalOutcome again = runner.run("SS-01", T0, T1);
        assertThat(again.status()).isEqualTo("SETTLED");
        assertThat(again.trades()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM trades WHERE interval_id = ?").param(outcome.intervalId()).query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    void withTwoInstancesOnlyTheLockHolderClearsAndAnIntervalLeftClearingIsFinished() throws Exception {
        IntervalScheduler scheduler = app.getBean(IntervalScheduler.class);
        Instant t2 = T1.plus(java.time.Duration.ofMinutes(15));
        // A crash left the next interval CLEARING (nothing of it was written: that is one transaction).
        jdbc.sql("INSERT INTO trading_intervals (starts_at, ends_at, status) VALUES (?, ?, 'CLEARING')")
                .params(java.sql.Timestamp.from(T1), java.sql.Timestamp.from(t2)).update();

        try (java.sql.Connection other = app.getBean(DataSource.class).getConnection()) {
            assertThat(IntervalScheduler.tryLock(other)).isTrue(); // another instance is clearing
            IntervalScheduler.Tick skipped = scheduler.runDue(t2.plusSeconds(30), java.time.Duration.ofMinutes(15), List.of("SS-01"));
            assertThat(skipped.leader()).isFalse();
            assertThat(skipped.outcomes()).isEmpty();
        } // its session ends: the lock is free

        IntervalScheduler.Tick tick = scheduler.runDue(t2.plusSeconds(30), java.time.Duration.ofMinutes(15), List.of("SS-01"));

        assertThat(tick.leader()).isTrue();
        assertThat(jdbc.sql("SELECT status FROM trading_intervals WHERE starts_at = ?").param(java.sql.Timestamp.from(T1))
                .query(String.class).single()).isEqualTo("CLEARED"); // nobody moved energy in it: no trade
        assertThat(jdbc.sql("SELECT count(*) FROM trading_intervals WHERE status = 'CLEARING'").query(Integer.class).single()).isZero();
    }
}
