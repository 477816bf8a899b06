package com.greenex.settlement;

import com.greenex.settlement.contracts.GreenexSettlement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.Transfer;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Convert;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.gas.DefaultGasProvider;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The settlement contract on a real anvil on 127.0.0.1 (from the build's npm install). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SettlementContractIT {

    static final Path ANVIL = Path.of("node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");

    @TempDir
    static Path dir;
    private DevChain chain;
    private Web3j web3j;
    private GreenexSettlement contract;

    @BeforeAll
    void start() throws Exception {
        chain = DevChain.start(ANVIL, dir.resolve("chain.json"), 0);
        web3j = Web3j.build(new HttpService(chain.rpcUrl()));
        Credentials operator = Credentials.create(DevChain.DEV_ACCOUNT_0_KEY);
        contract = GreenexSettlement.deploy(web3j, fast(operator), new DefaultGasProvider(), operator.getAddress()).send();
    }

    @AfterAll
    void stop() throws Exception {
        web3j.shutdown();
        chain.close();
    }

    /** anvil mines at once: ask for the receipt every 50 ms, not web3j's default 15 s. */
    private RawTransactionManager fast(Credentials credentials) throws Exception {
        return Transactions.manager(web3j, credentials, java.time.Duration.ofMillis(50));
    }

    static byte[] trade(String seller, String buyer, long energy, long price, long seq) {
        ByteBuffer b = ByteBuffer.allocate(104);
        b.put(pad(seller)).put(pad(buyer)).putLong(energy).putLong(price).putLong(seq).putLong(0);
        return b.array();
    }

    static byte[] pad(String id) {
        byte[] out = new byte[32];
        byte[] raw = id.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(raw, 0, out, 0, raw.length);
        return out;
    }

    @Test
    void aBatchIsSettledOnceAndItsTradesAreOnChain() throws Exception {
        byte[] trades = new byte[104 * 2];
        System.arraycopy(trade("E", "B1", 10_000_000, 640_000, 0), 0, trades, 0, 104);
        System.arraycopy(trade("H", "B1", 3_000_000, 640_000, 1), 0, trades, 104, 104);
        byte[] root = new byte[32];
        root[31] = 7;

        TransactionReceipt receipt = contract.settleBatch(BigInteger.valueOf(24), BigInteger.ZERO, BigInteger.ONE, root, trades).send();

        assertThat(receipt.isStatusOK()).isTrue();
        List<GreenexSettlement.BatchSettledEventResponse> events = GreenexSettlement.getBatchSettledEvents(receipt);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.intervalId).isEqualTo(BigInteger.valueOf(24));
            assertThat(e.trades).isEqualTo(trades);
        });
        assertThat(contract.batchSettled(BigInteger.valueOf(24), BigInteger.ZERO).send()).isTrue();

        assertThatThrownBy(() -> contract.settleBatch(BigInteger.valueOf(24), BigInteger.ZERO, BigInteger.ONE, root, trades).send())
                .hasMessageContaining("revert");
    }

    @Test
    void onlyTheOperatorKeyCanSettle() throws Exception {
        // A fresh key with money for gas, but not the operator's.
        Credentials stranger = Credentials.create(Keys.createEcKeyPair());
        new Transfer(web3j, fast(Credentials.create(DevChain.DEV_ACCOUNT_0_KEY)))
                .sendFunds(stranger.getAddress(), java.math.BigDecimal.ONE, Convert.Unit.ETHER).send();
        GreenexSettlement asStranger = GreenexSettlement.load(contract.getContractAddress(), web3j, fast(stranger), new DefaultGasProvider());
        byte[] root = new byte[32];

        assertThatThrownBy(() -> asStranger.settleBatch(BigInteger.valueOf(25), BigInteger.ZERO, BigInteger.ONE, root,
                trade("E", "B1", 1, 1, 0)).send()).hasMessageContaining("revert");
        assertThat(contract.batchSettled(BigInteger.valueOf(25), BigInteger.ZERO).send()).isFalse();
    }

    @Test
    void anyTradeCanBeProvenAgainstTheRootOnChainAndAChangedOneCannot() throws Exception {
        List<TradeRecord> trades = MerkleTreeTest.trades(9);
        MerkleTree tree = new MerkleTree(30, trades);
        byte[] packed = new byte[TradeRecord.BYTES * trades.size()];
        for (int i = 0; i < trades.size(); i++) {
            System.arraycopy(trades.get(i).encode(), 0, packed, i * TradeRecord.BYTES, TradeRecord.BYTES);
        }
        TransactionReceipt receipt = contract.settleBatch(BigInteger.valueOf(30), BigInteger.ZERO, BigInteger.ONE, tree.root(), packed).send();
        System.out.printf("9 trades in one batch: %,d gas (%,d per trade)%n", receipt.getGasUsed(), receipt.getGasUsed().longValue() / 9);

        for (int i = 0; i < trades.size(); i++) {
            assertThat(contract.verifyTrade(BigInteger.valueOf(30), trades.get(i).encode(), tree.proof(i)).send()).as("trade %d", i).isTrue();
        }
        TradeRecord t = trades.get(4);
        TradeRecord changed = new TradeRecord(t.sellerId(), t.buyerId(), t.energyKwh(), t.price().add(new java.math.BigDecimal("0.01")), t.seq());
        assertThat(contract.verifyTrade(BigInteger.valueOf(30), changed.encode(), tree.proof(4)).send()).isFalse();

        // The chain alone rebuilds the trades: the batch event carries them.
        byte[] onChain = GreenexSettlement.getBatchSettledEvents(receipt).getFirst().trades;
        for (int i = 0; i < trades.size(); i++) {
            assertThat(TradeRecord.decode(onChain, i * TradeRecord.BYTES)).isEqualTo(canonical(trades.get(i)));
        }
    }

    @Test
    void verifyTradeRefusesARecordThatIsNot104Bytes() throws Exception {
        List<TradeRecord> trades = MerkleTreeTest.trades(2);
        MerkleTree tree = new MerkleTree(31, trades);
        byte[] packed = new byte[TradeRecord.BYTES * 2];
        System.arraycopy(trades.get(0).encode(), 0, packed, 0, TradeRecord.BYTES);
        System.arraycopy(trades.get(1).encode(), 0, packed, TradeRecord.BYTES, TradeRecord.BYTES);
        contract.settleBatch(BigInteger.valueOf(31), BigInteger.ZERO, BigInteger.ONE, tree.root(), packed).send();
        byte[] shortRecord = java.util.Arrays.copyOf(trades.get(0).encode(), 103);
        byte[] longRecord = java.util.Arrays.copyOf(trades.get(0).encode(), 105);

        assertThatThrownBy(() -> contract.verifyTrade(BigInteger.valueOf(31), shortRecord, tree.proof(0)).send()).hasMessageContaining("revert");
        assertThatThrownBy(() -> contract.verifyTrade(BigInteger.valueOf(31), longRecord, tree.proof(0)).send()).hasMessageContaining("revert");
        assertThat(contract.verifyTrade(BigInteger.valueOf(31), trades.get(0).encode(), tree.proof(0)).send()).isTrue();
    }

    @Test
    void theOperatorRoleMovesInTwoStepsAndOnlyToAKeyThatAccepts() throws Exception {
        Credentials operator = Credentials.create(DevChain.DEV_ACCOUNT_0_KEY);
        GreenexSettlement own = GreenexSettlement.deploy(web3j, fast(operator), new DefaultGasProvider(), operator.getAddress()).send();
        Credentials next = Credentials.create(Keys.createEcKeyPair());
        Credentials stranger = Credentials.create(Keys.createEcKeyPair());
        for (Credentials c : List.of(next, stranger)) {
            new Transfer(web3j, fast(operator)).sendFunds(c.getAddress(), java.math.BigDecimal.ONE, Convert.Unit.ETHER).send();
        }
        GreenexSettlement asNext = GreenexSettlement.load(own.getContractAddress(), web3j, fast(next), new DefaultGasProvider());
        GreenexSettlement asStranger = GreenexSettlement.load(own.getContractAddress(), web3j, fast(stranger), new DefaultGasProvider());

        assertThatThrownBy(() -> asStranger.proposeOperator(stranger.getAddress()).send()).hasMessageContaining("revert");
        assertThatThrownBy(() -> asNext.acceptOperator().send()).as("nothing proposed yet").hasMessageContaining("revert");
        own.proposeOperator(next.getAddress()).send();
        assertThat(own.operator().send()).as("proposed is not yet operator").isEqualToIgnoringCase(operator.getAddress());
        assertThatThrownBy(() -> asStranger.acceptOperator().send()).hasMessageContaining("revert");
        asNext.acceptOperator().send();

        assertThat(own.operator().send()).isEqualToIgnoringCase(next.getAddress());
        assertThat(own.pendingOperator().send()).isEqualTo("0x0000000000000000000000000000000000000000");
        byte[] root = new byte[32];
        assertThatThrownBy(() -> own.settleBatch(BigInteger.ONE, BigInteger.ZERO, BigInteger.ONE, root, trade("E", "B1", 1, 1, 0)).send())
                .as("the old key settles no more").hasMessageContaining("revert");
        assertThat(asNext.settleBatch(BigInteger.ONE, BigInteger.ZERO, BigInteger.ONE, root, trade("E", "B1", 1, 1, 0)).send().isStatusOK()).isTrue();
    }

    private static TradeRecord canonical(TradeRecord t) {
        return new TradeRecord(t.sellerId(), t.buyerId(), t.energyKwh().stripTrailingZeros(), t.price().stripTrailingZeros(), t.seq());
    }
}
