package com.greenex.settlement;

import com.greenex.settlement.contracts.GreenexSettlement;
import com.greenex.db.testing.TestDatabase;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints its figures: trades settled per second and gas per trade through the whole path (trades and
 * outbox in PostgreSQL, the worker, anvil, one confirmation), for intervals of 100, 1,000 and 10,000
 * trades in batches of at most 2,000.
 *
 * <p>{@code ./mvnw -q -pl settlement -Pbench test-compile exec:exec -Dbench.main=com.greenex.settlement.SettlementServiceBenchmark}
 */
public final class SettlementServiceBenchmark {

    public static void main(String[] args) throws Exception {
        try (TestDatabase pg = TestDatabase.start();
             DevChain chain = DevChain.start(SettlementContractIT.ANVIL, null, 0)) {
            DataSource db = pg.dataSource();
            pg.execute("INSERT INTO participants (id, name, kind, capacity_kw, voltage_level) "
                    + "SELECT 'P' || i, 'P', 'PROSUMER', 5, '0.4kV' FROM generate_series(0, 10100) i");
            Web3j web3j = Web3j.build(new HttpService(chain.rpcUrl()));
            Credentials operator = Credentials.create(DevChain.DEV_ACCOUNT_0_KEY);
            RawTransactionManager tm = Transactions.manager(web3j, operator, java.time.Duration.ofMillis(20));
            StaticGasProvider gas = new StaticGasProvider(BigInteger.valueOf(2_000_000_000L), BigInteger.valueOf(16_000_000L));
            GreenexSettlement contract = GreenexSettlement.deploy(web3j, tm, gas, operator.getAddress()).send();
            SettlementWorker worker = new SettlementWorker(db, web3j, contract, tm, 1);
            System.out.printf("PostgreSQL 17 and anvil 1.7.1 on 127.0.0.1, %d cores; batches of at most 2,000 trades%n",
                    Runtime.getRuntime().availableProcessors());
            for (int size : new int[] {100, 1_000, 10_000}) {
                for (int warm = 0; warm < 2; warm++) {
                    long interval = storeInterval(db, size);
                    long t0 = System.nanoTime();
                    SettlementWorker.Round r = worker.runOnce();
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    if (r.failed() > 0 || r.confirmed() != r.sent()) {
                        throw new IllegalStateException("round " + r);
                    }
                    long gasUsed = 0;
                    try (Connection c = db.getConnection();
                         PreparedStatement ps = c.prepareStatement("SELECT tx_hash FROM settlement_batches WHERE interval_id = ?")) {
                        ps.setLong(1, interval);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                gasUsed += web3j.ethGetTransactionReceipt(org.web3j.utils.Numeric.toHexString(rs.getBytes(1))).send()
                                        .getTransactionReceipt().orElseThrow().getGasUsed().longValue();
                            }
                        }
                    }
                    if (warm == 1) {
                        System.out.printf("%,6d trades: %d batches, %,d gas per trade; %.2f s = %,.0f trades/s settled and confirmed%n",
                                size, r.sent(), gasUsed / size, seconds, size / seconds);
                    }
                }
            }
            web3j.shutdown();
        }
    }

    private static long storeInterval(DataSource db, int n) throws Exception {
        List<TradeRecord> trades = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            trades.add(new TradeRecord("P0", "P" + (i + 1), new BigDecimal("1.234"), new BigDecimal("0.64"), i));
        }
        try (Connection c = db.getConnection()) {
            return ClearedIntervals.store(c, trades, 2_000);
        }
    }
}
