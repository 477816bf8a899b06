package com.greenex.settlement;

import com.greenex.settlement.contracts.GreenexSettlement;
import com.greenex.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The outbox worker between a real PostgreSQL and a real anvil, both on 127.0.0.1. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SettlementWorkerIT {

    @TempDir
    static Path dir;
    private TestDatabase pg;
    private DataSource db;
    private DevChain chain;
    private int chainPort;
    private String contractAddress;

    @BeforeAll
    void start() throws Exception {
        pg = TestDatabase.start();
        db = pg.dataSource();
        exec("INSERT INTO participants (id, name, kind, capacity_kw, voltage_level) "
                + "SELECT id, id, 'PROSUMER', 5, '0.4kV' FROM unnest(ARRAY['S1', 'B1', 'B2', 'B3', 'B4', 'B5', 'B6']) id");
        chain = DevChain.start(SettlementContractIT.ANVIL, dir.resolve("chain-state.json"), 0);
        chainPort = chain.port();
        try (Web3j web3j = web3j()) {
            contractAddress = GreenexSettlement.deploy(web3j, tm(web3j), new DefaultGasProvider(),
                    Credentials.create(DevChain.DEV_ACCOUNT_0_KEY).getAddress()).send().getContractAddress();
        }
    }

    @AfterAll
    void stop() throws Exception {
        chain.close();
        pg.close();
    }

    private Web3j web3j() {
        return Web3j.build(new HttpService("http://127.0.0.1:" + chainPort));
    }

    private static RawTransactionManager tm(Web3j web3j) throws Exception {
        return Transactions.manager(web3j, Credentials.create(DevChain.DEV_ACCOUNT_0_KEY), java.time.Duration.ofMillis(50));
    }

    private SettlementWorker worker(Web3j web3j) throws Exception {
        return worker(web3j, 1, com.greenex.settlement.ChainDurability.NONE);
    }

    /** A worker with the operator's transactions, the ones its contract was loaded with. */
    private SettlementWorker worker(Web3j web3j, int confirmations, ChainDurability durability) throws Exception {
        RawTransactionManager tm = tm(web3j);
        return new SettlementWorker(db, web3j, GreenexSettlement.load(contractAddress, web3j, tm, new DefaultGasProvider()), tm, confirmations, durability);
    }

    /** A cleared interval with n trades (one seller, one buyer each: a pair trades once per interval), stored and queued as the portal does. */
    private long clearedInterval(int n, int maxBatch) throws Exception {
        List<TradeRecord> trades = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            trades.add(new TradeRecord("S1", "B" + (i + 1), new BigDecimal("1.5").add(BigDecimal.valueOf(i, 3)), new BigDecimal("0.64"), i));
        }
        try (Connection c = db.getConnection()) {
            return ClearedIntervals.store(c, trades, maxBatch);
        }
    }

    @Test
    void queuedBatchesAreSentAndConfirmedWithTheirTransactionAndBlock() throws Exception {
        long interval = clearedInterval(5, 2);
        try (Web3j web3j = web3j()) {
            SettlementWorker.Round round = worker(web3j).runOnce();

            assertThat(round.sent()).isEqualTo(3);
            assertThat(round.confirmed()).isEqualTo(3);
            assertThat(count("SELECT count(*) FROM settlement_batches WHERE interval_id = " + interval
                    + " AND state = 'CONFIRMED' AND tx_hash IS NOT NULL AND block_number IS NOT NULL")).isEqualTo(3);
            GreenexSettlement contract = GreenexSettlement.load(contractAddress, web3j, tm(web3j), new DefaultGasProvider());
            var onChain = contract.intervals(BigInteger.valueOf(interval)).send();
            assertThat(onChain.component4()).isEqualTo(BigInteger.valueOf(5)); // tradeCount
        }
    }

    @Test
    void aBatchTheContractRefusesGoesBackToPendingWithTheReasonAndTheOthersAreConfirmed() throws Exception {
        long interval = clearedInterval(3, 1);
        byte[] root = bytes("SELECT merkle_root FROM settlement_batches WHERE interval_id = " + interval + " AND batch_no = 1");
        // Batch 1 claims another root than batches 0 and 2: the contract refuses it (RootMismatch) when it is mined.
        exec("UPDATE settlement_batches SET merkle_root = decode(repeat('01', 32), 'hex') WHERE interval_id = " + interval + " AND batch_no = 1");
        try (Web3j web3j = web3j()) {
            SettlementWorker.Round round = worker(web3j).runOnce();

            assertThat(round.sent()).as("all three sent one after another, none waited for").isEqualTo(3);
            assertThat(round.failed()).isEqualTo(1);
            assertThat(round.confirmed()).isEqualTo(2);
            assertThat(count("SELECT count(*) FROM settlement_batches WHERE interval_id = " + interval + " AND batch_no = 1 AND state = 'PENDING'"
                    + " AND tx_hash IS NULL AND last_error LIKE '%failed on chain%'")).isEqualTo(1);

            exec("UPDATE settlement_batches SET merkle_root = decode('" + java.util.HexFormat.of().formatHex(root) + "', 'hex') WHERE interval_id = "
                    + interval + " AND batch_no = 1");
            SettlementWorker.Round again = worker(web3j).runOnce();

            assertThat(again.sent()).isEqualTo(1);
            assertThat(again.confirmed()).isEqualTo(1);
            assertThat(count("SELECT count(*) FROM settlement_batches WHERE interval_id = " + interval + " AND state = 'CONFIRMED'")).isEqualTo(3);
        }
    }

    @Test
    void aSendWhoseResultWasNeverWrittenBackIsRecoveredNotResent() throws Exception {
        long interval = clearedInterval(2, 10);
        try (Web3j web3j = web3j()) {
            worker(web3j).runOnce();
            byte[] txHash = bytes("SELECT tx_hash FROM settlement_batches WHERE interval_id = " + interval);
            // As if the worker died after sending and before writing: the database still says PENDING.
            exec("UPDATE settlement_batches SET state = 'PENDING', tx_hash = NULL, block_number = NULL WHERE interval_id = " + interval);

            SettlementWorker.Round round = worker(web3j).runOnce();

            assertThat(round.sent()).isZero();
            assertThat(round.recovered()).isEqualTo(1);
            assertThat(bytes("SELECT tx_hash FROM settlement_batches WHERE interval_id = " + interval + " AND state = 'CONFIRMED'")).isEqualTo(txHash);
        }
    }

    @Test
    void aNodeThatIsAwayLeavesTheBatchPendingAndItIsSettledOnceWhenTheNodeIsBack() throws Exception {
        long interval = clearedInterval(3, 10);
        try (Web3j web3j = web3j()) {
            SettlementWorker worker = worker(web3j);
            chain.close(); // the node goes away (anvil writes its state to the state file)
            try {
                SettlementWorker.Round down = worker.runOnce();
                assertThat(down.failed()).isEqualTo(1);
                assertThat(count("SELECT count(*) FROM settlement_batches WHERE interval_id = " + interval
                        + " AND state = 'PENDING' AND attempts = 1 AND last_error IS NOT NULL")).isEqualTo(1);
            } finally {
                // and comes back on the same port, with the same chain
                chain = DevChain.start(SettlementContractIT.ANVIL, dir.resolve("chain-state.json"), chainPort);
            }
            SettlementWorker.Round back = worker.runOnce();
            assertThat(back.sent()).isEqualTo(1);
            assertThat(back.confirmed()).isEqualTo(1);
            GreenexSettlement contract = GreenexSettlement.load(contractAddress, web3j, tm(web3j), new DefaultGasProvider());
            assertThat(contract.batchSettled(BigInteger.valueOf(interval), BigInteger.ZERO).send()).isTrue();
            assertThat(worker.runOnce()).isEqualTo(new SettlementWorker.Round(0, 0, 0, 0));
        }
    }

    @Test
    void verificationRebuildsTheTradesFromTheChainAndCatchesAChangedDatabaseRow() throws Exception {
        long interval = clearedInterval(5, 2);
        try (Web3j web3j = web3j()) {
            worker(web3j).runOnce();
            GreenexSettlement contract = GreenexSettlement.load(contractAddress, web3j, tm(web3j), new DefaultGasProvider());
            SettlementVerifier verifier = new SettlementVerifier(db, web3j, contract);
            assertThat(verifier.verifyInterval(interval)).isEmpty();
            assertThat(verifier.proof(interval, 3).verifiedOnChain()).isTrue();

            // Someone changes a settled trade in the database.
            exec("UPDATE trades SET energy_kwh = energy_kwh + 1, amount = price * (energy_kwh + 1) WHERE interval_id = " + interval + " AND seq = 3");

            List<SettlementVerifier.Mismatch> mismatches = verifier.verifyInterval(interval);
            assertThat(mismatches).extracting(SettlementVerifier.Mismatch::seq).containsExactly(3L, null);
            assertThat(mismatches.getFirst().problem()).isEqualTo("differs: database S1 -> B4 2.503 kWh at 0.64, chain S1 -> B4 1.503 kWh at 0.64");
            assertThat(mismatches.get(1).problem()).startsWith("Merkle root of the database's trades");
            assertThat(verifier.proof(interval, 3).verifiedOnChain()).isFalse();
            assertThat(verifier.proof(interval, 2).verifiedOnChain()).isFalse(); // its proof passes through the changed leaf's branch
        }
    }

    @Test
    void certificatesAccrueAcrossIntervalsAndAreIssuedOnceWithTheirTrades() throws Exception {
        exec("INSERT INTO participants (id, name, kind, capacity_kw, voltage_level) VALUES ('S9', 'S', 'PROSUMER', 5, '0.4kV'), "
                + "('G1', 'Green buyer', 'CONSUMER', 5, '0.4kV')");
        Credentials holder = Credentials.create(org.web3j.crypto.Keys.createEcKeyPair());
        try (Web3j web3j = web3j()) {
            var certificates = com.greenex.settlement.contracts.GreenCertificates.deploy(web3j, tm(web3j), new DefaultGasProvider(),
                    Credentials.create(DevChain.DEV_ACCOUNT_0_KEY).getAddress(), BigInteger.valueOf(1_000_000_000L)).send();
            CertificateService service = new CertificateService(db, web3j, certificates, id -> id.equals("G1") ? holder.getAddress() : null,
                    java.time.Duration.ofDays(365), 100);

            long first = bigTrade("S9", "G1", "600");
            worker(web3j).runOnce();
            assertThat(service.issueDue()).isEmpty(); // 600 kWh: carried

            long second = bigTrade("S9", "G1", "700");
            worker(web3j).runOnce();
            assertThat(service.issueDue()).containsExactly(1L); // 1,300 kWh: one certificate, 300 carried
            assertThat(service.issueDue()).isEmpty(); // and not twice

            assertThat(certificates.balanceOf(holder.getAddress(), BigInteger.ONE).send()).isEqualTo(BigInteger.ONE);
            assertThat(count("SELECT count(*) FROM green_certificates WHERE token_serial = 1 AND issued_to_id = 'G1' AND tx_hash IS NOT NULL")).isEqualTo(1);
            assertThat(count("SELECT count(*) FROM certificate_sources s JOIN trades t ON t.id = s.trade_id "
                    + "WHERE (t.interval_id = " + first + " AND s.energy_kwh = 600) OR (t.interval_id = " + second + " AND s.energy_kwh = 400)")).isEqualTo(2);
        }
    }

    /** An interval whose only trade is a large one (a month's worth, so that certificates come quickly). */
    @Test
    void aConfirmedBatchSurvivesAKillOfTheChainAndTheSupervisorRestartsIt() throws Exception {
        long interval = clearedInterval(2, 10);
        try (Web3j web3j = web3j()) {
            SettlementWorker worker = worker(web3j, 1, chain);
            assertThat(worker.runOnce().confirmed()).isEqualTo(1);

            chain.kill(); // kill -9: anvil writes nothing on the way out
            assertThat(chain.health().up()).isFalse();
            assertThat(chain.ensureRunning()).as("restarted on the same port from the state file").isTrue();

            assertThat(chain.health().restarts()).isEqualTo(1);
            assertThat(contract(web3j).batchSettled(BigInteger.valueOf(interval), BigInteger.ZERO).send())
                    .as("what the database calls CONFIRMED is on the chain that came back").isTrue();
            assertThat(worker.reconcile(0, 10_000).lost()).isEmpty();
        }
    }

    @Test
    void aBatchTheChainLostIsReopenedWithAnAlarmAndSettledAgainExactlyOnce() throws Exception {
        long interval = clearedInterval(3, 2);
        try (Web3j web3j = web3j()) {
            SettlementWorker worker = worker(web3j);
            String snapshot = rpc("evm_snapshot");
            assertThat(worker.runOnce().confirmed()).isEqualTo(2);
            rpc("evm_revert", snapshot); // the chain comes back from an older state: both batches gone

            SettlementWorker.Reconciliation found = worker.reconcile(0, 10_000);

            assertThat(found.lost()).extracting(SettlementWorker.LostBatch::intervalId, SettlementWorker.LostBatch::batchNo)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(interval, 0), org.assertj.core.groups.Tuple.tuple(interval, 1));
            assertThat(found.lost().getFirst().reason()).contains("no longer holds batch 0 of interval " + interval);
            assertThat(count("SELECT count(*) FROM settlement_batches WHERE interval_id = " + interval
                    + " AND state = 'PENDING' AND lost_count = 1 AND last_lost_at IS NOT NULL AND tx_hash IS NULL")).isEqualTo(2);

            SettlementWorker.Round again = worker.runOnce();
            assertThat(again.sent()).isEqualTo(2);
            assertThat(again.confirmed()).isEqualTo(2);
            var onChain = contract(web3j).intervals(BigInteger.valueOf(interval)).send();
            assertThat(onChain.component4()).as("trades on chain, once").isEqualTo(BigInteger.valueOf(3));
            assertThat(worker.reconcile(0, 10_000).lost()).isEmpty();
            assertThat(worker.runOnce()).isEqualTo(new SettlementWorker.Round(0, 0, 0, 0));
        }
    }

    @Test
    void aSentBatchWhoseTransactionVanishedGoesBackToPendingAndIsSentOnce() throws Exception {
        long interval = clearedInterval(1, 10);
        try (Web3j web3j = web3j()) {
            // confirmations far beyond the head: the batch stays SENT
            SettlementWorker patient = worker(web3j, 1_000, ChainDurability.NONE);
            String snapshot = rpc("evm_snapshot");
            assertThat(patient.runOnce().sent()).isEqualTo(1);
            rpc("evm_revert", snapshot);

            patient.runOnce();
            assertThat(count("SELECT count(*) FROM settlement_batches WHERE interval_id = " + interval
                    + " AND state = 'PENDING' AND last_error LIKE '%not on the chain any more%'")).isEqualTo(1);
            assertThat(worker(web3j).runOnce().confirmed()).isEqualTo(1);
            assertThat(contract(web3j).intervals(BigInteger.valueOf(interval)).send().component4()).isEqualTo(BigInteger.ONE);
        }
    }

    @Test
    void twoInstancesIssuingAtOnceCertifyATradesEnergyOnceAndTheDatabaseRefusesMore() throws Exception {
        exec("INSERT INTO participants (id, name, kind, capacity_kw, voltage_level) VALUES ('S8', 'S', 'PROSUMER', 5, '0.4kV'), "
                + "('G2', 'Green buyer', 'CONSUMER', 5, '0.4kV')");
        Credentials holder = Credentials.create(org.web3j.crypto.Keys.createEcKeyPair());
        try (Web3j web3j = web3j()) {
            var certificates = com.greenex.settlement.contracts.GreenCertificates.deploy(web3j, tm(web3j), new DefaultGasProvider(),
                    Credentials.create(DevChain.DEV_ACCOUNT_0_KEY).getAddress(), BigInteger.valueOf(1_000_000_000L)).send();
            long interval = bigTrade("S8", "G2", "2500");
            worker(web3j).runOnce();
            var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                List<java.util.concurrent.Future<List<Long>>> runs = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    CertificateService instance = new CertificateService(db, web3j, certificates, id -> id.equals("G2") ? holder.getAddress() : null,
                            java.time.Duration.ofDays(365), 100);
                    runs.add(pool.submit(() -> {
                        try {
                            return instance.issueDue();
                        } catch (Exception e) {
                            return List.of(); // the other instance's transaction on chain raced this one's: its serials are in the database
                        }
                    }));
                }
                for (var r : runs) {
                    r.get();
                }
            } finally {
                pool.shutdown();
            }
            assertThat(count("SELECT count(*) FROM green_certificates WHERE issued_to_id = 'G2'")).as("2,500 kWh: two certificates, not four").isEqualTo(2);
            assertThat(count("SELECT sum(s.energy_kwh) FROM certificate_sources s JOIN trades t ON t.id = s.trade_id WHERE t.interval_id = " + interval))
                    .isEqualTo(2000);

            // And whatever writes the sources, a trade's energy goes into certificates once.
            exec("INSERT INTO green_certificates (token_serial, owner_id, issued_to_id, energy_kwh, expires_at) VALUES (999999, 'G2', 'G2', 1000, now() + interval '1 year')");
            assertThatThrownBy(() -> exec("INSERT INTO certificate_sources (certificate_id, trade_id, energy_kwh) "
                    + "SELECT (SELECT id FROM green_certificates WHERE token_serial = 999999), t.id, 600 FROM trades t WHERE t.interval_id = " + interval))
                    .as("2,000 of 2,500 kWh certified: 600 more is too much").hasMessageContaining("certified twice");
            exec("DELETE FROM green_certificates WHERE token_serial = 999999");
        }
    }

    private GreenexSettlement contract(Web3j web3j) throws Exception {
        return GreenexSettlement.load(contractAddress, web3j, tm(web3j), new DefaultGasProvider());
    }

    /** A raw JSON-RPC call to the chain; returns the result as JSON text. */
    private String rpc(String method, String... params) throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":["
                + java.util.Arrays.stream(params).map(p -> "\"" + p + "\"").collect(java.util.stream.Collectors.joining(",")) + "]}";
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(chain.rpcUrl()))
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        var m = java.util.regex.Pattern.compile("\"result\"\\s*:\\s*\"?([^\",}]*)").matcher(response.body());
        assertThat(m.find()).as(method + ": " + response.body()).isTrue();
        return m.group(1);
    }

    private long bigTrade(String seller, String buyer, String kwh) throws Exception {
        try (Connection c = db.getConnection()) {
            return ClearedIntervals.store(c, List.of(new TradeRecord(seller, buyer, new BigDecimal(kwh), new BigDecimal("0.64"), 0)), 10);
        }
    }

    private void exec(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private byte[] bytes(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getBytes(1);
        }
    }
}
