package com.greenex.portal;

import com.greenex.portal.market.IntervalState;
import com.greenex.portal.testing.TestPortal;
import com.greenex.settlement.SettlementVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static com.greenex.portal.testing.TestPortal.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The whole application stopped in the middle of an interval, with one left GATE_CLOSED as by a crash, and started again on the same data. */
class RestartIT {

    private static final Duration INTERVAL = Duration.ofSeconds(6);

    @Test
    void aRestartInTheMiddleOfAnIntervalLeavesNothingHalfDoneAndTheMarketGoesOn(@TempDir Path dir) throws Exception {
        long lastBefore;
        List<String> contractsBefore;
        try (TestPortal first = TestPortal.demo(dir).interval(INTERVAL).start()) {
            await("a settled interval with trades", Duration.ofSeconds(90), () -> settledWithTrades(first, 0) >= 1);
            // Stop half-way through an interval.
            await("the middle of an interval", Duration.ofSeconds(10), () -> Instant.now().getEpochSecond() % INTERVAL.toSeconds() == 3);
            lastBefore = first.jdbc().sql("SELECT max(id) FROM trading_intervals").query(Long.class).single();
            contractsBefore = first.jdbc().sql("SELECT name || ' ' || address FROM chain_contracts ORDER BY name").query(String.class).list();
        }
        Instant crashed;
        try (TestPortal second = TestPortal.demo(dir).interval(INTERVAL).withoutSchedule().start()) {
            // As if a run had died while clearing an interval at its gate: the row says GATE_CLOSED, nothing else was written.
            // (It lies ahead, so that the restarted market reaches its gate and clears it again.)
            long start = (Instant.now().getEpochSecond() / INTERVAL.toSeconds() + 8) * INTERVAL.toSeconds();
            crashed = Instant.ofEpochSecond(start);
            long id = second.data().interval(crashed, crashed.plus(INTERVAL), IntervalState.OPEN);
            second.jdbc().sql("UPDATE trading_intervals SET status = 'GATE_CLOSED', gate_closes_at = starts_at - interval '3 seconds' WHERE id = ?")
                    .param(id).update();
        }
        // The market stays down for two intervals whatever the machine's speed: their gates pass with nobody to schedule them.
        Thread.sleep(INTERVAL.multipliedBy(2).toMillis());
        try (TestPortal third = TestPortal.demo(dir).interval(INTERVAL).start()) {
            assertThat(third.jdbc().sql("SELECT name || ' ' || address FROM chain_contracts ORDER BY name").query(String.class).list())
                    .as("the contracts are found again on the restarted chain, not deployed anew").isEqualTo(contractsBefore);
            await("two more settled intervals with trades", Duration.ofSeconds(90), () -> settledWithTrades(third, lastBefore) >= 2);
            await("the interval left at its gate cleared again", Duration.ofSeconds(60), () -> third.jdbc()
                    .sql("SELECT status FROM trading_intervals WHERE starts_at = ?").param(java.sql.Timestamp.from(crashed)).query(String.class)
                    .single().matches("CLEARED|DISPATCHED|DELIVERING|METERED|SETTLED"));
            // Nothing that should have moved on stays behind: every interval that ended a while ago is metered, settled or missed.
            await("every past interval moved on", Duration.ofSeconds(30), () -> third.jdbc()
                    .sql("SELECT count(*) FROM trading_intervals WHERE status NOT IN ('METERED', 'SETTLED', 'MISSED') AND ends_at < now() - interval '12 seconds'")
                    .query(Long.class).single() == 0);
            // Intervals whose gate closed while the market was down could not be scheduled: MISSED, saying so; none FAILED.
            assertThat(third.jdbc().sql("SELECT count(*) FROM trading_intervals WHERE status = 'FAILED'").query(Long.class).single()).isZero();
            assertThat(third.jdbc().sql("SELECT failure_reason FROM trading_intervals WHERE status = 'MISSED'").query(String.class).list())
                    .isNotEmpty().allSatisfy(reason -> assertThat(reason).containsAnyOf("passed while the market was down", "not running at its gate closure"));
            // And every interval has its row: from the first to the latest, each one starts where the one before ended.
            assertThat(third.jdbc().sql("""
                    SELECT count(*) FROM trading_intervals a WHERE a.starts_at < (SELECT max(starts_at) FROM trading_intervals)
                       AND NOT EXISTS (SELECT 1 FROM trading_intervals b WHERE b.starts_at = a.ends_at)""").query(Long.class).single())
                    .as("intervals without a successor row").isZero();
            // Every interval that traded, before and after the restart, is on chain exactly as in the database, once.
            SettlementVerifier verifier = third.bean(SettlementVerifier.class);
            await("every batch confirmed", Duration.ofSeconds(30), () -> third.jdbc()
                    .sql("SELECT count(*) FROM settlement_batches WHERE state <> 'CONFIRMED'").query(Long.class).single() == 0);
            for (long id : third.jdbc().sql("SELECT DISTINCT interval_id FROM trades ORDER BY 1").query(Long.class).list()) {
                assertThat(verifier.verifyInterval(id)).as("interval %d", id).isEmpty();
            }
            assertThat(third.jdbc().sql("SELECT count(*) FROM (SELECT interval_id FROM clearing_results GROUP BY interval_id HAVING count(*) > 1) x")
                    .query(Long.class).single()).isZero();
        }
    }

    private static long settledWithTrades(TestPortal p, long after) {
        return p.jdbc().sql("""
                SELECT count(*) FROM trading_intervals i WHERE i.id > ? AND i.status = 'SETTLED' AND EXISTS (SELECT 1 FROM trades t WHERE t.interval_id = i.id)""")
                .param(after).query(Long.class).single();
    }
}
