package com.greenex.settlement;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MerkleTreeTest {

    static List<TradeRecord> trades(int n) {
        List<TradeRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new TradeRecord("S-" + (i % 7), "B-" + (i % 5), new BigDecimal("1.25").add(BigDecimal.valueOf(i, 3)), new BigDecimal("0.64"), i));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 100})
    void everyTradeHasAProofOfItsOwnAndNoOther(int n) {
        List<TradeRecord> trades = trades(n);
        MerkleTree tree = new MerkleTree(24, trades);
        for (int i = 0; i < n; i++) {
            assertThat(MerkleTree.verify(tree.root(), 24, trades.get(i), tree.proof(i))).as("trade %d of %d", i, n).isTrue();
            assertThat(MerkleTree.verify(tree.root(), 25, trades.get(i), tree.proof(i))).as("another interval").isFalse();
        }
        TradeRecord t = trades.getFirst();
        TradeRecord changed = new TradeRecord(t.sellerId(), t.buyerId(), t.energyKwh().add(new BigDecimal("0.000001")), t.price(), t.seq());
        assertThat(MerkleTree.verify(tree.root(), 24, changed, tree.proof(0))).isFalse();
    }

    @Test
    void aTradeRecordRoundTripsExactly() {
        TradeRecord t = new TradeRecord("P-001", "参与者-7", new BigDecimal("10.000001"), new BigDecimal("0.68"), 42);
        byte[] bytes = t.encode();
        assertThat(bytes).hasSize(TradeRecord.BYTES);
        TradeRecord back = TradeRecord.decode(bytes, 0);
        assertThat(back.sellerId()).isEqualTo("P-001");
        assertThat(back.buyerId()).isEqualTo("参与者-7");
        assertThat(back.energyKwh()).isEqualByComparingTo("10.000001");
        assertThat(back.price()).isEqualByComparingTo("0.68");
        assertThat(back.seq()).isEqualTo(42);
    }

    @Test
    void valuesThatWouldBeRoundedAreRefused() {
        assertThatThrownBy(() -> new TradeRecord("A", "B", new BigDecimal("1.0000001"), BigDecimal.ONE, 0))
                .hasMessage("trade 0: energyKwh 1.0000001 must be non-negative with at most 6 decimals");
        assertThatThrownBy(() -> new TradeRecord("A", "A", BigDecimal.ONE, BigDecimal.ONE, 3))
                .hasMessage("trade 3: seller and buyer are both A");
        assertThatThrownBy(() -> new TradeRecord("a-very-long-participant-identifier-xx", "B", BigDecimal.ONE, BigDecimal.ONE, 0))
                .hasMessageContaining("must be 1 to 32 bytes of UTF-8");
    }
}
