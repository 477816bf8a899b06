package com.greenex.portal.market;

import com.greenex.portal.participant.ParticipantQueries;
import com.greenex.portal.security.Viewer;
import com.greenex.portal.testing.ReferenceData;
import com.greenex.portal.testing.TestPortal;
import com.greenex.portal.trades.ChainConfiguration;
import com.greenex.scada.store.Reading;
import com.greenex.scada.store.ReadingStore;
import com.greenex.settlement.SettlementVerifier;
import com.greenex.settlement.SettlementWorker;
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
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static com.greenex.portal.testing.ReferenceData.aParticipant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One interval through its whole life on the embedded PostgreSQL and the dev chain: positions at gate
 * closure (the platform's forecast from metered PV and load, a participant's own), the schedule with a
 * battery's charge limit, the setpoints, delivery metered, deviations settled, trades on chain.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntervalRunnerIT {

    private static final Duration L = Duration.ofMinutes(15);
    /** An interval a day ahead, so that its gate is still open for a participant's forecast. */
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(1));
    private static final Instant T1 = T0.plus(L);
    private static final Instant GATE = T0.minus(Duration.ofMinutes(5));

    @TempDir
    static Path dir;
    private TestPortal portal;
    private JdbcClient jdbc;
    private ReferenceData data;
    private final ReferenceData.ParticipantBuilder p1 = aParticipant("P-1").admitted().withBattery("50").powerLimitsKw("5", "5");
    private final ReferenceData.ParticipantBuilder p2 = aParticipant("P-2").admitted();
    private final ReferenceData.ParticipantBuilder p3 = aParticipant("P-3").admitted();
    private final ReferenceData.ParticipantBuilder p4 = aParticipant("P-4").delisted();

    @BeforeAll
    void start() throws Exception {
        portal = TestPortal.plain(dir).interval(L).with("greenex.market.gate-lead", "PT5M").start();
        jdbc = portal.jdbc();
        data = portal.data().substation("SS-01");
        List<Reading> readings = new ArrayList<>();
        Instant inWindow = GATE.minus(Duration.ofMinutes(5));
        // Mean PV and load over the quarter hour before gate closure, kW: P-1 32 kW surplus (8 kWh), P-2 12 kW deficit (3 kWh),
        // P-3 4 kW surplus (1 kWh; its own forecast says a 2 kWh deficit), P-4 20 kW surplus but delisted.
        for (Object[] p : new Object[][] {{p1, "40", "8"}, {p2, "0", "12"}, {p3, "4", "0"}, {p4, "20", "0"}}) {
            ReferenceData.ParticipantBuilder who = (ReferenceData.ParticipantBuilder) p[0];
            data.save(who);
            readings.add(new Reading(data.point(who, "PV_POWER_KW"), inWindow, null, new BigDecimal((String) p[1]), 0));
            readings.add(new Reading(data.point(who, "LOAD_POWER_KW"), inWindow, null, new BigDecimal((String) p[2]), 0));
        }
        readings.add(new Reading(data.point(p1, "SOC_PERCENT"), GATE.minusSeconds(5), null, new BigDecimal("50"), 0));
        new ReadingStore(portal.bean(DataSource.class)).write(readings);
    }

    @AfterAll
    void stop() {
        portal.close();
    }

    @Test
    void anIntervalIsScheduledAtGateClosureDispatchedMeteredAndSettledWithItsDeviations() throws Exception {
        IntervalLifecycle lifecycle = portal.bean(IntervalLifecycle.class);
        IntervalLifecycle.Interval interval = lifecycle.open("SS-01", T0, T1, GATE);
        Forecasts forecasts = portal.bean(Forecasts.class);
        forecasts.submit(new Viewer("prosumer3", "P-3", false), "P-3", T0, new BigDecimal("-2"));
        assertThatThrownBy(() -> forecasts.submit(new Viewer("prosumer3", "P-3", false), "P-3", T0.plusSeconds(60), BigDecimal.ONE))
                .hasMessageContaining("not the start of an interval");
        assertThatThrownBy(() -> forecasts.submit(new Viewer("prosumer2", "P-2", false), "P-3", T0, BigDecimal.ONE))
                .hasMessageContaining("only for its own participant P-2, not P-3");

        IntervalOutcome outcome = portal.bean(IntervalRunner.class).run(List.of("SS-01"), interval);

        long id = outcome.intervalId();
        assertThat(outcome.state()).isEqualTo(IntervalState.CLEARED);
        assertThat(outcome.skipped()).singleElement().asString().contains("P-4").contains("RejectTradingWhenNotAdmitted");
        assertThat(jdbc.sql("SELECT participant_id || ':' || forecast_source || ':' || role || ':' || energy_kwh::text FROM positions WHERE interval_id = ?")
                .param(id).query(String.class).list())
                .containsExactlyInAnyOrder("P-1:PLATFORM:SELL:8.000000", "P-2:PLATFORM:BUY:3.000000", "P-3:PARTICIPANT:BUY:2.000000");
        // Supply 8 > demand 5: P-2 and P-3 buy from P-1; of P-1's unsold 3 kWh its battery takes only 5 kW × 0.25 h = 1.25 kWh,
        // the other 1.75 kWh go to the grid and are paid at feed-in.
        assertThat(jdbc.sql("SELECT buyer_id || ':' || energy_kwh::text FROM trades WHERE interval_id = ? ORDER BY seq").param(id)
                .query(String.class).list()).containsExactlyInAnyOrder("P-2:3.000000", "P-3:2.000000");
        assertThat(jdbc.sql("SELECT energy_kwh FROM battery_dispatch WHERE interval_id = ? AND battery_id = 'B-P-1'").param(id)
                .query(BigDecimal.class).single()).isEqualByComparingTo("1.25");
        assertThat(jdbc.sql("SELECT direction || ':' || energy_kwh::text || ':' || amount::numeric(10, 2)::text FROM grid_exchanges "
                + "WHERE interval_id = ? AND participant_id = 'P-1'").param(id).query(String.class).single()).isEqualTo("EXPORT:1.750000:0.70");

        // Dispatch: the battery's setpoint is its scheduled charge as power (1.25 kWh over a quarter hour = 5 kW); without a bridge it is
        // named as not sent, and the interval goes on.
        BatteryDispatcher.Dispatched d = portal.bean(BatteryDispatcher.class).dispatch(id, portal.bean(IntervalRunner.class).hours());
        assertThat(d.outcomes()).containsOnlyKeys(com.greenex.portal.scada.SetpointOutcome.Outcome.NOT_CONNECTED);
        assertThat(jdbc.sql("SELECT setpoint_kw::text || ':' || outcome FROM battery_setpoints WHERE interval_id = ?").param(id)
                .query(String.class).single()).isEqualTo("5.000:NOT_CONNECTED");
        assertThat(lifecycle.state(id)).isEqualTo(IntervalState.DISPATCHED);
        lifecycle.move(id, IntervalState.DELIVERING);

        // Delivery as the meters counted it: P-1 exported 6.00 of its scheduled 6.75 kWh, P-2 imported its 3, P-3 imported 2.5 of 2,
        // P-4 exported 5 unscheduled; P-1's battery charged as scheduled (50 → 52.5 %).
        List<Reading> meters = new ArrayList<>();
        for (Object[] m : new Object[][] {{p1, "6", "0"}, {p2, "0", "3"}, {p3, "0", "2.5"}, {p4, "5", "0"}}) {
            ReferenceData.ParticipantBuilder who = (ReferenceData.ParticipantBuilder) m[0];
            long export = data.point(who, "ENERGY_EXPORT_KWH");
            long imp = data.point(who, "ENERGY_IMPORT_KWH");
            meters.add(new Reading(export, T0, null, new BigDecimal("100"), 0));
            meters.add(new Reading(export, T1, null, new BigDecimal("100").add(new BigDecimal((String) m[1])), 0));
            meters.add(new Reading(imp, T0, null, new BigDecimal("50"), 0));
            meters.add(new Reading(imp, T1, null, new BigDecimal("50").add(new BigDecimal((String) m[2])), 0));
        }
        long soc = jdbc.sql("SELECT id FROM points WHERE battery_id = 'B-P-1' AND quantity = 'SOC_PERCENT'").query(Long.class).single();
        meters.add(new Reading(soc, T0, null, new BigDecimal("50"), 0));
        meters.add(new Reading(soc, T1, null, new BigDecimal("52.5"), 0));
        new ReadingStore(portal.bean(DataSource.class)).write(meters);

        DeliveryMetering.Metered metered = portal.bean(DeliveryMetering.class).meter(List.of("SS-01"), lifecycle.find(id).orElseThrow());

        assertThat(lifecycle.state(id)).isEqualTo(IntervalState.METERED);
        assertThat(metered.batteriesFollowed()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT participant_id || ' ' || deviation_kwh::text || ' ' || amount::numeric(10, 3)::text FROM deliveries WHERE interval_id = ?")
                .param(id).query(String.class).list())
                .containsExactlyInAnyOrder("P-1 -0.750000 -0.825", "P-2 0.000000 0.000", "P-3 -0.500000 -0.550", "P-4 5.000000 2.000");
        // Certificates count only what P-1's meter confirmed: 6 of 6.75 kWh of its exports.
        assertThat(jdbc.sql("SELECT buyer_id || ':' || delivered_kwh::text FROM trades WHERE interval_id = ?").param(id).query(String.class).list())
                .containsExactlyInAnyOrder("P-2:2.666666", "P-3:1.777777");
        ParticipantQueries.Bill bill = portal.bean(ParticipantQueries.class).bill(Viewer.system("test"), "P-3", T0, T1);
        assertThat(bill.deviationKwh()).isEqualByComparingTo("-0.5");
        assertThat(bill.net()).as("bought 2 kWh in the market, 0.5 kWh more at retail").isEqualByComparingTo(bill.boughtAmount().negate().add(new BigDecimal("-0.55")));

        // Settled on the development chain, as scheduled, and the chain agrees with the database.
        SettlementWorker.Round round = portal.bean(SettlementWorker.class).runOnce();
        assertThat(round.confirmed()).isEqualTo(1);
        var verifier = new SettlementVerifier(portal.bean(DataSource.class), portal.bean(Web3j.class),
                portal.bean(ChainConfiguration.Contracts.class).settlement());
        assertThat(verifier.verifyInterval(id)).isEmpty();
        lifecycle.followSettlement();
        assertThat(lifecycle.state(id)).isEqualTo(IntervalState.SETTLED);
        IntervalOutcome again = portal.bean(IntervalRunner.class).run(List.of("SS-01"), lifecycle.find(id).orElseThrow());
        assertThat(again.state()).as("a scheduled interval is not cleared again").isEqualTo(IntervalState.SETTLED);
        assertThatThrownBy(() -> forecasts.submit(new Viewer("prosumer3", "P-3", false), "P-3", T0, BigDecimal.ONE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed at " + GATE);
    }

    @Test
    void withTwoInstancesOnlyTheLockHolderSchedulesAndAGateMissedWhileDownIsMissedWithItsReason() throws Exception {
        IntervalScheduler scheduler = portal.bean(IntervalScheduler.class);
        IntervalLifecycle lifecycle = portal.bean(IntervalLifecycle.class);
        Instant past = Instant.parse("2026-11-24T04:00:00Z");
        // The portal was down over this interval's gate closure and start: it was opened, never cleared.
        long missed = lifecycle.open("SS-01", past, past.plus(L), past.minus(Duration.ofMinutes(5))).id();
        Instant now = past.plus(Duration.ofMinutes(7));

        portal.bean(Leadership.class).release();
        try (Connection other = portal.bean(DataSource.class).getConnection()) {
            assertThat(Leadership.tryLock(other)).isTrue(); // another instance holds the market
            IntervalScheduler.Tick skipped = scheduler.runDue(now);
            assertThat(skipped.leader()).isFalse();
            assertThat(lifecycle.state(missed)).isEqualTo(IntervalState.OPEN);
        } // its session ends: the lock is free

        IntervalScheduler.Tick tick = scheduler.runDue(now);

        assertThat(tick.leader()).isTrue();
        assertThat(portal.bean(Leadership.class).leading()).as("and keeps the lead").isTrue();
        assertThat(lifecycle.state(missed)).isEqualTo(IntervalState.MISSED);
        assertThat(jdbc.sql("SELECT failure_reason FROM trading_intervals WHERE id = ?").param(missed).query(String.class).single())
                .contains("passed while the market was down");
        assertThat(lifecycle.find("SS-01", past.plus(L)).orElseThrow().state()).as("the next interval is open for forecasts").isEqualTo(IntervalState.OPEN);
    }

    @Test
    void everyIntervalTheMarketWasDownForGetsARowMissedWithTheReason() {
        IntervalScheduler scheduler = portal.bean(IntervalScheduler.class);
        IntervalLifecycle lifecycle = portal.bean(IntervalLifecycle.class);
        Instant before = Instant.parse("2026-11-20T00:00:00Z");
        lifecycle.open("SS-01", before, before.plus(L), before.minus(Duration.ofMinutes(5)));
        // Down for two hours: back a minute after 02:00.
        Instant now = before.plus(Duration.ofHours(2)).plusSeconds(60);

        scheduler.runDue(now);

        List<String> rows = jdbc.sql("SELECT to_char(starts_at AT TIME ZONE 'UTC', 'HH24:MI') || ' ' || status FROM trading_intervals "
                + "WHERE starts_at >= ? AND starts_at <= ? ORDER BY starts_at")
                .params(java.sql.Timestamp.from(before), java.sql.Timestamp.from(before.plus(Duration.ofMinutes(135)))).query(String.class).list();
        assertThat(rows).as("one row per quarter hour, none left out").containsExactly("00:00 MISSED", "00:15 MISSED", "00:30 MISSED",
                "00:45 MISSED", "01:00 MISSED", "01:15 MISSED", "01:30 MISSED", "01:45 MISSED", "02:00 MISSED", "02:15 OPEN");
        assertThat(jdbc.sql("SELECT failure_reason FROM trading_intervals WHERE starts_at = ?").param(java.sql.Timestamp.from(before.plus(L)))
                .query(String.class).single()).contains("not running at its gate closure").contains("nothing was scheduled between");

        scheduler.runDue(now.plusSeconds(1));
        assertThat(jdbc.sql("SELECT count(*) FROM trading_intervals WHERE starts_at >= ? AND starts_at <= ?")
                .params(java.sql.Timestamp.from(before), java.sql.Timestamp.from(before.plus(Duration.ofMinutes(135)))).query(Long.class).single())
                .as("written once").isEqualTo(10);
    }

    @Test
    void aDispatcherHasAFailedIntervalClearedAgainBeforeItsStartWithAReasonAudited() {
        IntervalRetry retry = portal.bean(IntervalRetry.class);
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(3));
        long failed = data.interval(start, start.plus(L), IntervalState.FAILED);

        assertThatThrownBy(() -> retry.clearAgain(failed, "dispatcher", " ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason");
        retry.clearAgain(failed, "dispatcher", "rules fixed after the outage");

        assertThat(portal.bean(IntervalLifecycle.class).state(failed)).as("cleared at the next tick").isEqualTo(IntervalState.GATE_CLOSED);
        assertThat(jdbc.sql("SELECT failure_reason FROM trading_intervals WHERE id = ?").param(failed).query(String.class).optional()).isEmpty();
        assertThat(jdbc.sql("SELECT details->>'reason' || ' / ' || (details->>'failure') FROM audit_log WHERE action = 'INTERVAL_CLEARED_AGAIN' AND subject = ?")
                .param("interval:" + failed).query(String.class).single()).isEqualTo("rules fixed after the outage / set by a test");
        assertThatThrownBy(() -> retry.clearAgain(failed, "dispatcher", "again")).isInstanceOf(IllegalStateException.class)
                .hasMessage("interval " + failed + " is GATE_CLOSED: only a FAILED interval is cleared again");

        Instant past = Instant.parse("2026-11-23T08:00:00Z");
        long started = data.interval(past, past.plus(L), IntervalState.FAILED);
        assertThatThrownBy(() -> retry.clearAgain(started, "dispatcher", "too late")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("started at " + past + ": it can no longer be scheduled");
        assertThat(portal.bean(IntervalLifecycle.class).state(started)).isEqualTo(IntervalState.FAILED);
    }
}
