package com.greenex.settlement;

import org.web3j.crypto.Hash;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Merkle tree of an interval's trades, as GreenexSettlement.verifyTrade checks it: leaf =
 * keccak256(intervalId as uint64 big-endian ++ trade bytes); each parent = keccak256 of its two
 * children in ascending byte order; an odd node at the end of a level moves up unchanged.
 */
public final class MerkleTree {

    private final List<byte[][]> levels = new ArrayList<>();

    public MerkleTree(long intervalId, List<TradeRecord> trades) {
        if (trades.isEmpty()) {
            throw new IllegalArgumentException("interval " + intervalId + ": no trades, no tree");
        }
        byte[][] level = new byte[trades.size()][];
        for (int i = 0; i < level.length; i++) {
            level[i] = leaf(intervalId, trades.get(i).encode());
        }
        levels.add(level);
        while (level.length > 1) {
            byte[][] up = new byte[(level.length + 1) / 2][];
            for (int i = 0; i < up.length; i++) {
                up[i] = 2 * i + 1 < level.length ? parent(level[2 * i], level[2 * i + 1]) : level[2 * i];
            }
            levels.add(up);
            level = up;
        }
    }

    public static byte[] leaf(long intervalId, byte[] trade) {
        return Hash.sha3(ByteBuffer.allocate(8 + trade.length).putLong(intervalId).put(trade).array());
    }

    private static byte[] parent(byte[] a, byte[] b) {
        byte[] lo = Arrays.compareUnsigned(a, b) <= 0 ? a : b;
        byte[] hi = lo == a ? b : a;
        return Hash.sha3(ByteBuffer.allocate(64).put(lo).put(hi).array());
    }

    public byte[] root() {
        return levels.getLast()[0].clone();
    }

    /** The sibling hashes from the trade's leaf up to the root. */
    public List<byte[]> proof(int index) {
        List<byte[]> proof = new ArrayList<>();
        int i = index;
        for (int l = 0; l < levels.size() - 1; l++) {
            byte[][] level = levels.get(l);
            int sibling = i ^ 1;
            if (sibling < level.length) {
                proof.add(level[sibling].clone());
            }
            i /= 2;
        }
        return proof;
    }

    /** Checks a proof off chain, exactly as the contract does on chain. */
    public static boolean verify(byte[] root, long intervalId, TradeRecord trade, List<byte[]> proof) {
        byte[] node = leaf(intervalId, trade.encode());
        for (byte[] p : proof) {
            node = parent(node, p);
        }
        return Arrays.equals(node, root);
    }
}
