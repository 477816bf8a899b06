package com.greenex.settlement;

import com.greenex.settlement.CertificateAccrual.Certificate;
import com.greenex.settlement.CertificateAccrual.Slice;
import com.greenex.settlement.contracts.GreenCertificates;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Issues green certificates to buyers as their bought energy accumulates (one per 1,000 kWh, the
 * remainder carried forward). What is carried is not stored separately: it is each trade's energy
 * less what certificate_sources already took from it, so running an interval twice issues nothing
 * twice. A certificate is written to the database first (without a transaction hash), then issued on
 * chain, then its hash recorded; one left without a hash is finished on the next run, on chain only
 * if the chain does not have it yet.
 */
public final class CertificateService {

    private final DataSource dataSource;
    private final org.web3j.protocol.Web3j web3j;
    private final GreenCertificates contract;
    private final Function<String, String> accountOf;
    private final java.time.Duration validity;
    private final int maxOnChainPerRun;
    private volatile BigDecimal kwhPerCertificate;

    /**
     * @param accountOf        a participant's chain account (address), or null when it has none
     * @param validity         how long a certificate may be transferred or retired after its issue
     * @param maxOnChainPerRun how many certificates one run issues on chain at most (the rest wait for the next run)
     */
    public CertificateService(DataSource dataSource, org.web3j.protocol.Web3j web3j, GreenCertificates contract,
                              Function<String, String> accountOf, java.time.Duration validity, int maxOnChainPerRun) {
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("a certificate's validity must be positive, got " + validity);
        }
        if (maxOnChainPerRun < 1) {
            throw new IllegalArgumentException("certificates issued on chain per run must be at least 1, got " + maxOnChainPerRun);
        }
        this.dataSource = dataSource;
        this.web3j = web3j;
        this.contract = contract;
        this.accountOf = accountOf;
        this.validity = validity;
        this.maxOnChainPerRun = maxOnChainPerRun;
    }

    /** A certificate's energy as the contract states it (1,000 kWh on every real deployment). */
    public BigDecimal kwhPerCertificate() throws Exception {
        BigDecimal size = kwhPerCertificate;
        if (size == null) {
            size = new BigDecimal(contract.microKwhPerCertificate().send()).movePointLeft(6).stripTrailingZeros();
            kwhPerCertificate = size;
        }
        return size;
    }

    /** Accrues every buyer's settled green energy and issues what is due; returns the serials recorded now. */
    public List<Long> issueDue() throws Exception {
        List<Long> issued = new ArrayList<>();
        BigDecimal size = kwhPerCertificate();
        for (String buyer : buyersWithUncertifiedEnergy(size)) {
            issued.addAll(accrueAndRecord(buyer, size));
        }
        finishPending();
        return issued;
    }

    private List<String> buyersWithUncertifiedEnergy(BigDecimal size) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT t.buyer_id FROM trades t
                       LEFT JOIN (SELECT trade_id, sum(energy_kwh) AS used FROM certificate_sources GROUP BY trade_id) u ON u.trade_id = t.id
                      WHERE EXISTS (SELECT 1 FROM settlement_batches b WHERE b.interval_id = t.interval_id AND b.state = '%1$s'
                                      AND t.seq BETWEEN b.first_seq AND b.last_seq)
                      GROUP BY t.buyer_id HAVING sum(coalesce(t.delivered_kwh, 0) - coalesce(u.used, 0)) >= ? ORDER BY t.buyer_id""".formatted(BatchState.CONFIRMED))) {
            ps.setBigDecimal(1, size);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /**
     * The buyer's settled trade energy that the seller's meter confirmed ({@code delivered_kwh}) and that is
     * not yet in a certificate, oldest first (trade ids as the slices' seq).
     */
    private static List<Slice> uncertified(Connection c, String buyer) throws SQLException {
        List<Slice> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                     SELECT t.interval_id, t.id, coalesce(t.delivered_kwh, 0) - coalesce((SELECT sum(s.energy_kwh) FROM certificate_sources s WHERE s.trade_id = t.id), 0)
                       FROM trades t
                      WHERE t.buyer_id = ? AND EXISTS (SELECT 1 FROM settlement_batches b WHERE b.interval_id = t.interval_id
                            AND b.state = '%1$s' AND t.seq BETWEEN b.first_seq AND b.last_seq)
                      ORDER BY t.interval_id, t.seq""".formatted(BatchState.CONFIRMED))) {
            ps.setString(1, buyer);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    BigDecimal left = rs.getBigDecimal(3);
                    if (left.signum() > 0) {
                        out.add(new Slice(rs.getLong(1), rs.getLong(2), left));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Accrues the buyer's uncertified energy and writes the certificates due with their sources (no
     * transaction hash yet), all in one transaction under a lock on the certificates table: what is
     * read as uncertified is what is certified, even with another instance issuing at the same time
     * (and the database's constraint trigger refuses a trade certified beyond its delivered energy).
     *
     * @return the serials written
     */
    private List<Long> accrueAndRecord(String buyer, BigDecimal size) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement lock = c.prepareStatement("LOCK TABLE green_certificates IN SHARE ROW EXCLUSIVE MODE")) {
                    lock.execute();
                }
                List<Long> serials = new ArrayList<>();
                for (Certificate cert : CertificateAccrual.accrue(buyer, uncertified(c, buyer), List.of(), size).certificates()) {
                    serials.add(record(c, cert, size));
                }
                c.commit();
                return serials;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private long record(Connection c, Certificate cert, BigDecimal size) throws SQLException {
        long serial;
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(token_serial), 0) + 1 FROM green_certificates");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            serial = rs.getLong(1);
        }
        long id;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO green_certificates (token_serial, owner_id, issued_to_id, energy_kwh, expires_at) "
                + "VALUES (?, ?, ?, ?, date_trunc('second', now()) + make_interval(secs => ?)) RETURNING id")) {
            ps.setLong(1, serial);
            ps.setString(2, cert.buyerId());
            ps.setString(3, cert.buyerId());
            ps.setBigDecimal(4, size);
            ps.setLong(5, validity.toSeconds());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO certificate_events (certificate_id, kind, to_id, actor) VALUES (?, 'ISSUED', ?, 'market')")) {
            ps.setLong(1, id);
            ps.setString(2, cert.buyerId());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO certificate_sources (certificate_id, trade_id, energy_kwh) VALUES (?, ?, ?)")) {
            for (Slice s : cert.sources()) {
                ps.setLong(1, id);
                ps.setLong(2, s.tradeSeq());
                ps.setBigDecimal(3, s.energyKwh());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return serial;
    }

    /** Issues on chain every certificate the database has without a transaction hash. */
    private void finishPending() throws Exception {
        record Pending(long id, long serial, String holder, long expiresAt) {
        }
        List<Pending> pending = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, token_serial, issued_to_id, extract(epoch FROM expires_at)::bigint FROM green_certificates "
                     + "WHERE tx_hash IS NULL ORDER BY token_serial LIMIT ?")) {
            ps.setInt(1, maxOnChainPerRun);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pending.add(new Pending(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4)));
                }
            }
        }
        for (Pending p : pending) {
            String account = accountOf.apply(p.holder());
            if (account == null) {
                throw new IllegalStateException("participant " + p.holder() + " has no chain account to receive certificate " + p.serial());
            }
            byte[] participant = Arrays.copyOf(p.holder().getBytes(StandardCharsets.UTF_8), 32);
            BigInteger serial = BigInteger.valueOf(p.serial());
            String txHash;
            if (!isZero(contract.issuedTo(serial).send())) {
                // Issued before, but the hash was never written back: find the issue, send nothing.
                txHash = issueTransaction(serial);
            } else {
                TransactionReceipt r = contract.issue(serial, account, participant, BigInteger.valueOf(p.expiresAt()), sources(p.id())).send();
                txHash = r.getTransactionHash();
            }
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("UPDATE green_certificates SET tx_hash = ? WHERE id = ?");
                 PreparedStatement event = c.prepareStatement("UPDATE certificate_events SET tx_hash = ? WHERE certificate_id = ? AND kind = 'ISSUED'")) {
                c.setAutoCommit(false);
                ps.setBytes(1, Numeric.hexStringToByteArray(txHash));
                ps.setLong(2, p.id());
                ps.executeUpdate();
                event.setBytes(1, Numeric.hexStringToByteArray(txHash));
                event.setLong(2, p.id());
                event.executeUpdate();
                c.commit();
            }
        }
    }

    private String issueTransaction(BigInteger serial) throws java.io.IOException {
        org.web3j.protocol.core.methods.request.EthFilter filter = new org.web3j.protocol.core.methods.request.EthFilter(
                org.web3j.protocol.core.DefaultBlockParameter.valueOf(BigInteger.ZERO),
                org.web3j.protocol.core.DefaultBlockParameter.valueOf("latest"), contract.getContractAddress());
        filter.addSingleTopic(org.web3j.abi.EventEncoder.encode(GreenCertificates.CERTIFICATEISSUED_EVENT));
        filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(serial, 64));
        var logs = web3j.ethGetLogs(filter).send();
        if (logs.hasError() || logs.getLogs().isEmpty()) {
            throw new java.io.IOException("certificate " + serial + " is issued on chain but its CertificateIssued event was not found");
        }
        return ((org.web3j.protocol.core.methods.response.Log) logs.getLogs().getFirst().get()).getTransactionHash();
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /** Sources as the contract takes them: (interval id, trade sequence number, energy in 10^-6 kWh). */
    private byte[] sources(long certificateId) throws SQLException {
        List<long[]> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT t.interval_id, t.seq, s.energy_kwh FROM certificate_sources s "
                     + "JOIN trades t ON t.id = s.trade_id WHERE s.certificate_id = ? ORDER BY t.interval_id, t.seq")) {
            ps.setLong(1, certificateId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3).movePointRight(6).longValueExact()});
                }
            }
        }
        ByteBuffer b = ByteBuffer.allocate(24 * rows.size());
        for (long[] r : rows) {
            b.putLong(r[0]).putLong(r[1]).putLong(r[2]);
        }
        return b.array();
    }
}
