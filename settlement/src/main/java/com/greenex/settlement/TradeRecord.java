package com.greenex.settlement;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One trade as the settlement contract records it: 104 bytes (see GreenexSettlement.sol) that, with
 * the interval id, are also the Merkle leaf. Energy and price are exact: 10^-6 kWh and 10^-6 currency
 * units per kWh as unsigned 64-bit integers; anything finer or larger is refused, never rounded.
 */
public record TradeRecord(String sellerId, String buyerId, BigDecimal energyKwh, BigDecimal price, long seq) {

    public static final int BYTES = 104;
    /** A trade in the settlement contract's calldata: participants by index (see {@link ParticipantIndex}). */
    public static final int COMPACT_BYTES = 28;
    private static final int ID_BYTES = 32;
    private static final int SCALE = 6;

    public TradeRecord {
        requireId(sellerId, "sellerId");
        requireId(buyerId, "buyerId");
        if (sellerId.equals(buyerId)) {
            throw new IllegalArgumentException("trade " + seq + ": seller and buyer are both " + sellerId);
        }
        units(energyKwh, "energyKwh", seq);
        units(price, "price", seq);
        if (seq < 0) {
            throw new IllegalArgumentException("trade seq must not be negative, got " + seq);
        }
    }

    private static void requireId(String id, String field) {
        Objects.requireNonNull(id, field);
        if (id.isEmpty() || id.getBytes(StandardCharsets.UTF_8).length > ID_BYTES) {
            throw new IllegalArgumentException(field + " \"" + id + "\" must be 1 to 32 bytes of UTF-8");
        }
    }

    private static long units(BigDecimal v, String field, long seq) {
        Objects.requireNonNull(v, field);
        if (v.signum() < 0 || v.stripTrailingZeros().scale() > SCALE) {
            throw new IllegalArgumentException("trade " + seq + ": " + field + " " + v.toPlainString()
                    + " must be non-negative with at most " + SCALE + " decimals");
        }
        return v.movePointRight(SCALE).longValueExact();
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(BYTES);
        b.put(pad(sellerId)).put(pad(buyerId));
        b.putLong(units(energyKwh, "energyKwh", seq)).putLong(units(price, "price", seq)).putLong(seq).putLong(0);
        return b.array();
    }

    /**
     * The record as it travels in calldata: seller and buyer index (uint32), energy and price (uint64), seq (uint32).
     *
     * @throws IllegalArgumentException when the sequence number does not fit 32 bits
     */
    public byte[] encodeCompact(int sellerIndex, int buyerIndex) {
        if (seq > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("trade " + seq + ": a sequence number must fit 32 bits in the contract's calldata");
        }
        ByteBuffer b = ByteBuffer.allocate(COMPACT_BYTES);
        b.putInt(sellerIndex).putInt(buyerIndex).putLong(units(energyKwh, "energyKwh", seq)).putLong(units(price, "price", seq)).putInt((int) seq);
        return b.array();
    }

    /** A compact record back, its participants named by {@code idOf} (index to id). */
    public static TradeRecord decodeCompact(byte[] bytes, int offset, java.util.function.IntFunction<String> idOf) {
        ByteBuffer b = ByteBuffer.wrap(bytes, offset, COMPACT_BYTES);
        String seller = idOf.apply(b.getInt());
        String buyer = idOf.apply(b.getInt());
        BigDecimal energy = BigDecimal.valueOf(b.getLong(), SCALE).stripTrailingZeros();
        BigDecimal price = BigDecimal.valueOf(b.getLong(), SCALE).stripTrailingZeros();
        long seq = Integer.toUnsignedLong(b.getInt());
        return new TradeRecord(seller, buyer, energy, price, seq);
    }

    /** A participant id as the contract names it: UTF-8, zero-padded to 32 bytes. */
    public static byte[] idBytes(String id) {
        requireId(id, "id");
        return pad(id);
    }

    /** An id back from its 32 bytes. */
    public static String idOf(byte[] raw) {
        return unpad(ByteBuffer.wrap(raw));
    }

    public static TradeRecord decode(byte[] bytes, int offset) {
        ByteBuffer b = ByteBuffer.wrap(bytes, offset, BYTES);
        String seller = unpad(b);
        String buyer = unpad(b);
        BigDecimal energy = BigDecimal.valueOf(b.getLong(), SCALE).stripTrailingZeros();
        BigDecimal price = BigDecimal.valueOf(b.getLong(), SCALE).stripTrailingZeros();
        long seq = b.getLong();
        return new TradeRecord(seller, buyer, energy, price, seq);
    }

    private static byte[] pad(String id) {
        return Arrays.copyOf(id.getBytes(StandardCharsets.UTF_8), ID_BYTES);
    }

    private static String unpad(ByteBuffer b) {
        byte[] raw = new byte[ID_BYTES];
        b.get(raw);
        int n = raw.length;
        while (n > 0 && raw[n - 1] == 0) {
            n--;
        }
        return new String(raw, 0, n, StandardCharsets.UTF_8);
    }
}
