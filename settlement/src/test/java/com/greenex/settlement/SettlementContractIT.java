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

import java.math.BigDecimal;
import java.math.BigInteger;
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

    /** A trade of energy and price in millionths, as the contract counts them. */
    static TradeRecord trade(String seller, String buyer, long energy, long price, long seq) {
        return new TradeRecord(seller, buyer, BigDecimal.valueOf(energy, 6), BigDecimal.valueOf(price, 6), seq);
    }

    /** The trades as settleBatch takes them on contract {@code c}: compact, their participants indexed there first (as its operator). */
    private byte[] packed(GreenexSettlement c, List<TradeRecord> trades) throws Exception {
        return ParticipantIndex.load(web3j, c).pack(trades, c);
    }

    @Test
    void aBatchIsSettledOnceAndItsTradesAreOnChain() throws Exception {
        byte[] trades = packed(contract, List.of(trade("E", "B1", 10_000_000, 640_000, 0), trade("H", "B1", 3_000_000, 640_000, 1)));
        assertThat(trades).hasSize(2 * TradeRecord.COMPACT_BYTES);
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

        byte[] one = packed(contract, List.of(trade("E", "B1", 1, 1, 0)));
        assertThatThrownBy(() -> asStranger.settleBatch(BigInteger.valueOf(25), BigInteger.ZERO, BigInteger.ONE, root, one).send())
                .hasMessageContaining("revert");
        assertThatThrownBy(() -> asStranger.indexParticipants(contract.participantCount().send(), List.of(TradeRecord.idBytes("X"))).send())
                .as("only the operator names participants").hasMessageContaining("revert");
        assertThat(contract.batchSettled(BigInteger.valueOf(25), BigInteger.ZERO).send()).isFalse();
    }

    @Test
    void anyTradeCanBeProvenAgainstTheRootOnChainAndAChangedOneCannot() throws Exception {
        List<TradeRecord> trades = MerkleTreeTest.trades(9);
        MerkleTree tree = new MerkleTree(30, trades);
        byte[] packed = packed(contract, trades);
        TransactionReceipt receipt = contract.settleBatch(BigInteger.valueOf(30), BigInteger.ZERO, BigInteger.ONE, tree.root(), packed).send();
        System.out.printf("9 trades in one batch: %,d gas (%,d per trade)%n", receipt.getGasUsed(), receipt.getGasUsed().longValue() / 9);

        for (int i = 0; i < trades.size(); i++) {
            assertThat(contract.verifyTrade(BigInteger.valueOf(30), trades.get(i).encode(), tree.proof(i)).send()).as("trade %d", i).isTrue();
        }
        TradeRecord t = trades.get(4);
        TradeRecord changed = new TradeRecord(t.sellerId(), t.buyerId(), t.energyKwh(), t.price().add(new java.math.BigDecimal("0.01")), t.seq());
        assertThat(contract.verifyTrade(BigInteger.valueOf(30), changed.encode(), tree.proof(4)).send()).isFalse();

        // The chain alone rebuilds the trades: the batch event carries them, the participants' events name their indexes.
        byte[] onChain = GreenexSettlement.getBatchSettledEvents(receipt).getFirst().trades;
        ParticipantIndex named = ParticipantIndex.load(web3j, contract);
        for (int i = 0; i < trades.size(); i++) {
            assertThat(TradeRecord.decodeCompact(onChain, i * TradeRecord.COMPACT_BYTES, named::id)).isEqualTo(canonical(trades.get(i)));
        }
    }

    @Test
    void verifyTradeRefusesARecordThatIsNot104Bytes() throws Exception {
        List<TradeRecord> trades = MerkleTreeTest.trades(2);
        MerkleTree tree = new MerkleTree(31, trades);
        contract.settleBatch(BigInteger.valueOf(31), BigInteger.ZERO, BigInteger.ONE, tree.root(), packed(contract, trades)).send();
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
        byte[] one = packed(asNext, List.of(trade("E", "B1", 1, 1, 0)));
        assertThatThrownBy(() -> own.settleBatch(BigInteger.ONE, BigInteger.ZERO, BigInteger.ONE, root, one).send())
                .as("the old key settles no more").hasMessageContaining("revert");
        assertThat(asNext.settleBatch(BigInteger.ONE, BigInteger.ZERO, BigInteger.ONE, root, one).send().isStatusOK()).isTrue();
    }

    private static TradeRecord canonical(TradeRecord t) {
        return new TradeRecord(t.sellerId(), t.buyerId(), t.energyKwh().stripTrailingZeros(), t.price().stripTrailingZeros(), t.seq());
    }

    @Test
    void aTradeNamingAParticipantWithoutAnIndexIsRefusedAndIndexesAreNeverGivenTwice() throws Exception {
        byte[] root = new byte[32];
        int count = contract.participantCount().send().intValueExact();
        byte[] unknown = trade("E", "B1", 1, 1, 0).encodeCompact(count + 5, 0);
        assertThatThrownBy(() -> contract.settleBatch(BigInteger.valueOf(40), BigInteger.ZERO, BigInteger.ONE, root, unknown).send())
                .hasMessageContaining("revert");
        assertThatThrownBy(() -> contract.indexParticipants(BigInteger.valueOf(count + 1), List.of(TradeRecord.idBytes("Z"))).send())
                .as("a gap").hasMessageContaining("revert");
        assertThat(contract.batchSettled(BigInteger.valueOf(40), BigInteger.ZERO).send()).isFalse();
    }
}
