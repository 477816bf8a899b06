package com.greenex.portal.market;

import com.greenex.portal.testing.ReferenceData;
import com.greenex.portal.testing.TestPortal;
import com.greenex.portal.trades.ChainConfiguration;
import com.greenex.settlement.SettlementVerifier;
import com.greenex.settlement.SettlementWorker;
import com.greenex.scada.store.Reading;
import com.greenex.scada.store.ReadingStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.web3j.protocol.Web3j;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.greenex.portal.testing.ReferenceData.aParticipant;
import static org.assertj.core.api.Assertions.assertThat;

/** One interval end to end on the embedded PostgreSQL: readings in, results, trades and the settlement outbox out. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntervalRunnerIT {

    private static final Instant T0 = Instant.parse("2026-11-24T04:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-24T04:15:00Z");

    @TempDir
    static Path dir;
    private TestPortal portal;
    private JdbcClient jdbc;

    @BeforeAll
    void start() throws Exception {
        portal = TestPortal.plain(dir).interval(Duration.ofMinutes(15)).start();
        jdbc = portal.jdbc();
        ReferenceData data = portal.data().substation("SS-01");
        // P-1 sells 8 kWh and has a half-full battery; P-2 and P-3 buy 3 and 2 kWh; P-4 would sell but is delisted.
        var p1 = aParticipant("P-1").admitted().withBattery("50");
        var p2 = aParticipant("P-2").admitted();
        var p3 = aParticipant("P-3").admitted();
        var p4 = aParticipant("P-4").delisted();
        List<Reading> readings = new ArrayList<>();
        record Counters(ReferenceData.ParticipantBuilder who, String exported, String imported) {
        }
        for (Counters c : List.of(new Counters(p1, "8", "0"), new Counters(p2, "0", "3"), new Counters(p3, "1", "3"), new Counters(p4, "5", "0"))) {
            data.save(c.who());
            long export = data.point(c.who(), "ENERGY_EXPORT_KWH");
            long imp = data.point(c.who(), "ENERGY_IMPORT_KWH");
            readings.add(new Reading(export, T0, null, new BigDecimal("100"), 0));
            readings.add(new Reading(export, T1, null, new BigDecimal("100").add(new BigDecimal(c.exported())), 0));
            readings.add(new Reading(imp, T0, null, new BigDecimal("50"), 0));
            readings.add(new Reading(imp, T1, null, new BigDecimal("50").add(new BigDecimal(c.imported())), 0));
        }
        readings.add(new Reading(data.point(p1, "SOC_PERCENT"), T1.minusSeconds(5), null, new BigDecimal("50"), 0));
        new ReadingStore(portal.bean(DataSource.class)).write(readings);
    }

    @AfterAll
    void stop() {
        portal.close();
    }

    @Test
    void anIntervalClearsFromReadingsToTradesAndTheSettlementOutboxOnce() throws Exception {
        IntervalRunner runner = portal.bean(IntervalRunner.class);

        IntervalOutcome outcome = runner.run("SS-01", T0, T1);

        assertThat(outcome.state()).isEqualTo(IntervalState.CLEARED);
        assertThat(outcome.skipped()).singleElement().asString().contains("P-4").contains("RejectTradingWhenNotAdmitted");
        // Supply 8 > demand 5: a buyer's market; P-2 buys 3 and P-3 buys 2 from P-1, the rest goes to P-1's battery.
        assertThat(jdbc.sql("SELECT market_type FROM clearing_results WHERE interval_id = ?").param(outcome.intervalId()).query(String.class).single())
                .isEqualTo("BUYERS_MARKET");
        assertThat(jdbc.sql("SELECT buyer_id || ':' || energy_kwh::text FROM trades WHERE interval_id = ? ORDER BY seq").param(outcome.intervalId())
                .query(String.class).list()).containsExactlyInAnyOrder("P-2:3.000000", "P-3:2.000000");
        assertThat(jdbc.sql("SELECT energy_kwh FROM battery_dispatch WHERE interval_id = ? AND battery_id = 'B-P-1'").param(outcome.intervalId())
                .query(BigDecimal.class).single()).isEqualByComparingTo("3");
        assertThat(outcome.settlementBatches()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM settlement_batches WHERE interval_id = ? AND state = 'PENDING'").param(outcome.intervalId())
                .query(Integer.class).single()).isEqualTo(1);

        // Settled on the development chain, and the chain agrees with the database.
        SettlementWorker.Round round = portal.bean(SettlementWorker.class).runOnce();
        assertThat(round.sent()).isEqualTo(1);
        assertThat(round.confirmed()).isEqualTo(1);
        var contracts = portal.bean(ChainConfiguration.Contracts.class);
        var verifier = new SettlementVerifier(portal.bean(DataSource.class), portal.bean(Web3j.class), contracts.settlement());
        assertThat(verifier.verifyInterval(outcome.intervalId())).isEmpty();
        portal.bean(IntervalLifecycle.class).followSettlement();
        assertThat(jdbc.sql("SELECT status FROM trading_intervals WHERE id = ?").param(outcome.intervalId()).query(String.class).single())
                .isEqualTo("SETTLED");

        IntervalOutcome again = runner.run("SS-01", T0, T1);
        assertThat(again.state()).isEqualTo(IntervalState.SETTLED);
        assertThat(again.trades()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM trades WHERE interval_id = ?").param(outcome.intervalId()).query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    void withTwoInstancesOnlyTheLockHolderClearsAndAnIntervalLeftClearingIsFinished() throws Exception {
        IntervalScheduler scheduler = portal.bean(IntervalScheduler.class);
        Instant t2 = T1.plus(Duration.ofMinutes(15));
        // A crash left the next interval CLEARING (nothing of it was written: that is one transaction).
        portal.data().interval(T1, t2, IntervalState.CLEARING);

        try (Connection other = portal.bean(DataSource.class).getConnection()) {
            assertThat(IntervalScheduler.tryLock(other)).isTrue(); // another instance is clearing
            IntervalScheduler.Tick skipped = scheduler.runDue(t2.plusSeconds(30), Duration.ofMinutes(15), List.of("SS-01"));
            assertThat(skipped.leader()).isFalse();
            assertThat(skipped.outcomes()).isEmpty();
        } // its session ends: the lock is free

        IntervalScheduler.Tick tick = scheduler.runDue(t2.plusSeconds(30), Duration.ofMinutes(15), List.of("SS-01"));

        assertThat(tick.leader()).isTrue();
        assertThat(jdbc.sql("SELECT status FROM trading_intervals WHERE starts_at = ?").param(Timestamp.from(T1))
                .query(String.class).single()).isEqualTo("CLEARED"); // nobody moved energy in it: no trade
        assertThat(jdbc.sql("SELECT count(*) FROM trading_intervals WHERE status = 'CLEARING'").query(Integer.class).single()).isZero();
    }
}
