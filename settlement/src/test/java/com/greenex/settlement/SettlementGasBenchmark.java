package com.greenex.settlement;

import com.greenex.settlement.contracts.GreenexSettlement;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Prints its figures: gas per trade and trades settled per second on anvil (127.0.0.1), for intervals
 * of 100, 1,000 and 10,000 trades, split into batches of at most 2,000 trades per transaction.
 *
 * <p>{@code ./mvnw -q -pl settlement -Pbench test-compile exec:exec}
 */
public final class SettlementGasBenchmark {

    static final int MAX_BATCH = 2_000;

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("greenex-gas");
        try (DevChain chain = DevChain.start(SettlementContractIT.ANVIL, null, 0)) {
            Web3j web3j = Web3j.build(new HttpService(chain.rpcUrl()));
            Credentials operator = Credentials.create(DevChain.DEV_ACCOUNT_0_KEY);
            RawTransactionManager tm = Transactions.manager(web3j, operator, java.time.Duration.ofMillis(20));
            StaticGasProvider gas = new StaticGasProvider(BigInteger.valueOf(2_000_000_000L), BigInteger.valueOf(16_000_000L));
            GreenexSettlement contract = GreenexSettlement.deploy(web3j, tm, gas, operator.getAddress()).send();
            System.out.printf("anvil 1.7.1 on 127.0.0.1, %d cores; batches of at most %,d trades (28 bytes each in calldata)%n",
                    Runtime.getRuntime().availableProcessors(), MAX_BATCH);
            long interval = 1;
            for (int size : new int[] {100, 1_000, 10_000}) {
                for (int warm = 0; warm < 2; warm++) {
                    List<TradeRecord> trades = MerkleTreeTest.trades(size);
                    long t0 = System.nanoTime();
                    MerkleTree tree = new MerkleTree(interval, trades);
                    int batches = (size + MAX_BATCH - 1) / MAX_BATCH;
                    long gasUsed = 0;
                    for (int b = 0; b < batches; b++) {
                        int from = b * MAX_BATCH;
                        int to = Math.min(size, from + MAX_BATCH);
                        byte[] packed = ParticipantIndex.load(web3j, contract).pack(trades.subList(from, to), contract);
                        TransactionReceipt r = contract.settleBatch(BigInteger.valueOf(interval), BigInteger.valueOf(b),
                                BigInteger.valueOf(batches), tree.root(), packed).send();
                        if (!r.isStatusOK()) {
                            throw new IllegalStateException("batch " + b + " of interval " + interval + " failed: " + r.getStatus());
                        }
                        gasUsed += r.getGasUsed().longValue();
                    }
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    if (warm == 1) {
                        System.out.printf("%,6d trades: %d tx, %,d gas = %,d gas per trade; %.2f s = %,.0f trades/s%n",
                                size, batches, gasUsed, gasUsed / size, seconds, size / seconds);
                    }
                    interval++;
                }
            }
            web3j.shutdown();
        }
        Files.deleteIfExists(dir);
    }
}
