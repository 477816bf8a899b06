package com.greenex.portal;

import com.greenex.db.testing.TestDatabase;
import com.greenex.portal.market.MarketSchedule;
import com.greenex.portal.scada.ScadaBridge;
import com.greenex.portal.testing.TestPortal;
import com.greenex.settlement.DevChain;
import com.greenex.settlement.SettlementVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static com.greenex.portal.testing.TestPortal.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two portal instances on one external PostgreSQL and one chain node, as a highly available set-up
 * runs them: one leads (schedules, settles with the one operator key, issues certificates) and one
 * bridges the substation; the other stands by and takes over both when the first one stops.
 */
class TwoInstancesIT {

    @Test
    void oneInstanceLeadsAndBridgesTheOtherStandsByAndTakesOverWhenItStops(@TempDir Path dir) throws Exception {
        try (TestDatabase external = TestDatabase.builder().unmigrated().start();
             DevChain node = DevChain.start(DevChain.locateAnvil(System::getenv), dir.resolve("node.json"), 0)) {
            external.execute("CREATE DATABASE greenex_two");
            String url = "jdbc:postgresql://127.0.0.1:" + external.port() + "/greenex_two";
            Path keys = Files.createDirectories(dir.resolve("keys"));
            Path keystore = keys.resolve(WalletUtils.generateWalletFile("operator secret", Credentials.create(DevChain.DEV_ACCOUNT_0_KEY).getEcKeyPair(),
                    keys.toFile(), false));
            Path secret = Files.writeString(dir.resolve("chain-password"), "operator secret\n");
            java.util.function.Function<String, TestPortal.Builder> instance = name -> TestPortal.demo(dir.resolve(name))
                    .with("spring.datasource.url", url).with("spring.datasource.username", "postgres")
                    .with("greenex.chain.rpc-url", node.rpcUrl()).with("greenex.chain.keystore", keystore).with("greenex.chain.password-file", secret);

            TestPortal first = instance.apply("a").start();
            TestPortal second = instance.apply("b").start();
            try {
                first.awaitSettledIntervalsWithTrades(2);
                assertThat(first.bean(MarketSchedule.class).state().leader()).isTrue();
                assertThat(second.bean(MarketSchedule.class).state().leader()).as("one leader, not two").isFalse();
                assertThat(second.bean(ScadaBridge.class).status().facts()).as("the substation is bridged once").containsEntry("standby", true);
                assertThat(second.bean(ScadaBridge.class).oldestUnwritten()).isNull();

                first.close(); // the leader stops: its sessions end, its locks with them
                await("the second instance to lead", Duration.ofSeconds(20), () -> second.bean(MarketSchedule.class).state().leader());
                await("the second instance to bridge SS-01", Duration.ofSeconds(20),
                        () -> !second.bean(ScadaBridge.class).status().facts().containsKey("standby") && second.bean(ScadaBridge.class).status().connected());
                long before = second.latestSettledIntervalWithTrades();
                await("two more settled intervals, settled by the second instance", Duration.ofSeconds(120), () -> second.jdbc()
                        .sql("SELECT count(*) FROM trading_intervals i WHERE i.id > ? AND i.status = 'SETTLED' AND EXISTS (SELECT 1 FROM trades t WHERE t.interval_id = i.id)")
                        .param(before).query(Long.class).single() >= 2);

                assertThat(second.jdbc().sql("SELECT count(*) FROM trading_intervals WHERE status = 'FAILED'").query(Long.class).single()).isZero();
                assertThat(second.jdbc().sql("SELECT count(*) FROM settlement_batches WHERE last_error ILIKE '%nonce%'").query(Long.class).single())
                        .as("one operator nonce at a time").isZero();
                SettlementVerifier verifier = second.bean(SettlementVerifier.class);
                for (long id : second.jdbc().sql("SELECT DISTINCT b.interval_id FROM settlement_batches b WHERE b.state = 'CONFIRMED' ORDER BY 1")
                        .query(Long.class).list()) {
                    assertThat(verifier.verifyInterval(id)).as("interval %d on chain as in the database", id).isEmpty();
                }
            } finally {
                second.close();
                first.close();
            }
        }
    }
}
