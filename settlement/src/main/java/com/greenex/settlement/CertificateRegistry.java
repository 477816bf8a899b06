package com.greenex.settlement;

import com.greenex.settlement.contracts.GreenCertificates;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

import javax.sql.DataSource;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A green certificate's life after its issue: transferred, retired (claimed), revoked, expired. The
 * chain is the truth: each change is sent to the contract first, under a lock on the certificate's
 * row, and written to the database only when the chain, read back, shows it (the database never says
 * RETIRED when the chain does not); a change the chain refuses changes nothing. Before a change the
 * chain and the database must agree on the certificate, or the change is refused naming the
 * difference.
 *
 * <p>The platform's operator key acts for a holder only when the holder's account approved it on
 * chain (ERC-1155 {@code setApprovalForAll}); {@link Consent} obtains that approval (the demo's derived
 * accounts) or says how to give it.
 */
public final class CertificateRegistry {

    /** Bad input (400): names the field and why. */
    public static final class BadRequest extends IllegalArgumentException {
        public BadRequest(String message) {
            super(message);
        }
    }

    /** The certificate's state refuses the change (409): names the state. */
    public static final class Refused extends IllegalStateException {
        public Refused(String message) {
            super(message);
        }

        public Refused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Obtains a holder's on-chain approval of the operator, or refuses with how to give it. */
    @FunctionalInterface
    public interface Consent {
        /**
         * @throws Refused when the approval cannot be obtained here (the holder must send it from its wallet)
         */
        void approve(String participant, String account) throws Exception;
    }

    /** Where a transfer goes: another participant, or an external account (when allowed). */
    public record Recipient(String participantId, String address) {
        public static Recipient participant(String id) {
            return new Recipient(id, null);
        }

        public static Recipient external(String address) {
            return new Recipient(null, address);
        }
    }

    /** A retirement's claim: for whom, what for, and the consumption period it covers (whole days, UTC+0 dates as given). */
    public record Claim(String beneficiary, String purpose, LocalDate periodFrom, LocalDate periodTo) {
    }

    /** What the chain says of one certificate. */
    public record ChainState(long serial, boolean issued, boolean retired, boolean revoked, Instant expiresAt, Instant chainTime) {
    }

    /** A change made: the certificate's new state and the transaction that made it (null for an expiry). */
    public record Change(long serial, String status, String txHash) {
    }

    private static final Pattern ADDRESS = Pattern.compile("^0x[0-9a-fA-F]{40}$");

    private final DataSource dataSource;
    private final Web3j web3j;
    private final GreenCertificates contract;
    private final Function<String, String> accountOf;
    private final Consent consent;
    private final boolean externalTransfers;
    private final String operator;

    /**
     * @param contract          the contract as the operator sends to it
     * @param operator          the operator's address (the account {@code contract} sends from)
     * @param accountOf         a participant's registered chain account, or null
     * @param externalTransfers whether certificates may leave the platform to an account no participant holds
     */
    public CertificateRegistry(DataSource dataSource, Web3j web3j, GreenCertificates contract, String operator, Function<String, String> accountOf,
                               Consent consent, boolean externalTransfers) {
        this.operator = operator;
        this.dataSource = dataSource;
        this.web3j = web3j;
        this.contract = contract;
        this.accountOf = accountOf;
        this.consent = consent;
        this.externalTransfers = externalTransfers;
    }

    private record Row(long id, long serial, String ownerId, String holderAddress, String status, Instant expiresAt, boolean onChain,
                       Instant retiredAt, Instant revokedAt, String revokeReason, Instant expiredAt) {
    }

    /** Transfers {@code serial}, held by {@code holder}, to {@code to}. */
    public Change transfer(long serial, String holder, Recipient to, String actor) throws Exception {
        Objects.requireNonNull(to, "to");
        String toAccount;
        if (to.participantId() != null) {
            if (to.participantId().equals(holder)) {
                throw new BadRequest("to: " + holder + " already holds certificate " + serial);
            }
            if (!participantExists(to.participantId())) {
                throw new BadRequest("to: no participant " + to.participantId());
            }
            toAccount = accountOf.apply(to.participantId());
            if (toAccount == null) {
                throw new Refused("participant " + to.participantId() + " has no chain account to receive certificate " + serial);
            }
        } else {
            if (to.address() == null || !ADDRESS.matcher(to.address()).matches()) {
                throw new BadRequest("to: give a participant or an account address (0x and 40 hex digits), got " + to.address());
            }
            if (!externalTransfers) {
                throw new BadRequest("to: transfers to accounts outside the platform are not allowed here (greenex.certificates.external-transfers)");
            }
            toAccount = to.address();
        }
        return change(serial, holder, actor, (row, holderAccount) -> {
            TransactionReceipt r = contract.safeTransferFrom(holderAccount, toAccount, BigInteger.valueOf(serial), BigInteger.ONE, new byte[0]).send();
            if (!contract.balanceOf(toAccount, BigInteger.valueOf(serial)).send().equals(BigInteger.ONE)) {
                throw new Refused("certificate " + serial + ": the chain does not show it at " + toAccount + " after transaction " + r.getTransactionHash());
            }
            return r.getTransactionHash();
        }, (c, row, txHash) -> {
            update(c, "UPDATE green_certificates SET owner_id = ?, holder_address = ?, status = 'TRANSFERRED' WHERE id = ?",
                    to.participantId(), to.participantId() == null ? toAccount : null, row.id());
            event(c, row.id(), "TRANSFERRED", holder, to.participantId(), to.participantId() == null ? toAccount : null, actor, null, txHash);
            return "TRANSFERRED";
        });
    }

    /** Retires (claims) {@code serial}, held by {@code holder}, for the claim's beneficiary, purpose and period. */
    public Change retire(long serial, String holder, Claim claim, String actor) throws Exception {
        Objects.requireNonNull(claim, "claim");
        String beneficiary = required("beneficiary", claim.beneficiary(), 200);
        String purpose = required("purpose", claim.purpose(), 200);
        if (claim.periodFrom() == null || claim.periodTo() == null) {
            throw new BadRequest("periodFrom, periodTo: the consumption period the claim covers is required");
        }
        if (claim.periodFrom().isAfter(claim.periodTo())) {
            throw new BadRequest("periodTo: the period ends (" + claim.periodTo() + ") before it starts (" + claim.periodFrom() + ")");
        }
        long start = claim.periodFrom().atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        long end = claim.periodTo().plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() - 1;
        Instant chainNow = chainTime();
        if (end > chainNow.getEpochSecond()) {
            throw new BadRequest("periodTo: a claim covers consumption that happened; " + claim.periodTo() + " has not ended yet (chain time "
                    + chainNow + ")");
        }
        return change(serial, holder, actor, (row, holderAccount) -> {
            TransactionReceipt r = contract.retire(BigInteger.valueOf(serial), holderAccount, beneficiary, purpose, BigInteger.valueOf(start),
                    BigInteger.valueOf(end)).send();
            if (!contract.retired(BigInteger.valueOf(serial)).send()) {
                throw new Refused("certificate " + serial + ": the chain does not show it retired after transaction " + r.getTransactionHash());
            }
            return r.getTransactionHash();
        }, (c, row, txHash) -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE green_certificates SET status = 'RETIRED', retired_at = now(), retired_by = ?, "
                    + "beneficiary = ?, purpose = ?, period_from = ?, period_to = ? WHERE id = ?")) {
                ps.setString(1, actor);
                ps.setString(2, beneficiary);
                ps.setString(3, purpose);
                ps.setObject(4, claim.periodFrom());
                ps.setObject(5, claim.periodTo());
                ps.setLong(6, row.id());
                ps.executeUpdate();
            }
            event(c, row.id(), "RETIRED", holder, null, null, actor, beneficiary + " · " + purpose + " · " + claim.periodFrom() + " – " + claim.periodTo(),
                    txHash);
            return "RETIRED";
        });
    }

    /** Revokes {@code serial} (the regulator's decision, sent by the operator), whoever holds it. */
    public Change revoke(long serial, String reason, String actor) throws Exception {
        String why = required("reason", reason, 500);
        return change(serial, null, actor, (row, holderAccount) -> {
            TransactionReceipt r = contract.revoke(BigInteger.valueOf(serial), holderAccount, why).send();
            if (!contract.revoked(BigInteger.valueOf(serial)).send()) {
                throw new Refused("certificate " + serial + ": the chain does not show it revoked after transaction " + r.getTransactionHash());
            }
            return r.getTransactionHash();
        }, (c, row, txHash) -> {
            update(c, "UPDATE green_certificates SET status = 'REVOKED', revoked_at = now(), revoked_by = ?, revoke_reason = ? WHERE id = ?",
                    actor, why, row.id());
            event(c, row.id(), "REVOKED", row.ownerId(), null, null, actor, why, txHash);
            return "REVOKED";
        });
    }

    /**
     * Marks EXPIRED every live certificate whose validity the chain's time has passed (the chain refuses
     * to move it from then on), each checked on chain.
     *
     * @return the serials expired now
     */
    public List<Long> expireDue() throws Exception {
        Instant chainNow = chainTime();
        List<Long> expired = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<long[]> due = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT id, token_serial, owner_id FROM green_certificates WHERE status IN ('ISSUED', 'TRANSFERRED') "
                        + "AND tx_hash IS NOT NULL AND expires_at <= ? ORDER BY token_serial FOR UPDATE")) {
                    ps.setTimestamp(1, Timestamp.from(chainNow));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            due.add(new long[] {rs.getLong(1), rs.getLong(2)});
                        }
                    }
                }
                for (long[] d : due) {
                    long onChain = contract.expiresAt(BigInteger.valueOf(d[1])).send().longValueExact();
                    if (onChain == 0 || onChain > chainNow.getEpochSecond()) {
                        throw new Refused("certificate " + d[1] + ": the database says it expired by " + chainNow + " but the chain says it expires at "
                                + (onChain == 0 ? "never (not issued)" : Instant.ofEpochSecond(onChain)));
                    }
                    update(c, "UPDATE green_certificates SET status = 'EXPIRED', expired_at = ? WHERE id = ?", Timestamp.from(Instant.ofEpochSecond(onChain)), d[0]);
                    event(c, d[0], "EXPIRED", null, null, null, "market", "valid until " + Instant.ofEpochSecond(onChain), null);
                    expired.add(d[1]);
                }
                c.commit();
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        }
        return expired;
    }

    /** The time of the chain's latest block: what the contract compares expiries with. */
    public Instant chainTime() throws java.io.IOException {
        var block = web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send();
        if (block.hasError() || block.getBlock() == null) {
            throw new java.io.IOException("the chain's latest block could not be read" + (block.hasError() ? ": " + block.getError().getMessage() : ""));
        }
        return Instant.ofEpochSecond(block.getBlock().getTimestamp().longValueExact());
    }

    /** What the chain says of {@code serial}. */
    public ChainState chainState(long serial) throws Exception {
        BigInteger s = BigInteger.valueOf(serial);
        long expires = contract.expiresAt(s).send().longValueExact();
        return new ChainState(serial, expires != 0, contract.retired(s).send(), contract.revoked(s).send(),
                expires == 0 ? null : Instant.ofEpochSecond(expires), chainTime());
    }

    /** Whether the database's state of {@code serial} is what the chain says (a holder's balance included); the difference in words, or null. */
    public String disagreement(long serial) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            Row row = find(c, serial, false);
            return disagreement(row, chainState(serial));
        }
    }

    @FunctionalInterface
    private interface OnChain {
        String send(Row row, String holderAccount) throws Exception;
    }

    @FunctionalInterface
    private interface InDatabase {
        String write(Connection c, Row row, String txHash) throws SQLException;
    }

    private Change change(long serial, String holder, String actor, OnChain onChain, InDatabase inDatabase) throws Exception {
        Objects.requireNonNull(actor, "actor");
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Row row = find(c, serial, true);
                refuseUnlessLive(row, holder);
                String holderAccount = row.ownerId() != null ? accountOf.apply(row.ownerId()) : row.holderAddress();
                if (holderAccount == null) {
                    throw new Refused("certificate " + serial + ": its holder " + row.ownerId() + " has no chain account");
                }
                String differs = disagreement(row, chainState(serial));
                if (differs == null && !contract.balanceOf(holderAccount, BigInteger.valueOf(serial)).send().equals(BigInteger.ONE)) {
                    differs = "the chain does not show it at its holder's account " + holderAccount;
                }
                if (differs != null) {
                    throw new Refused("certificate " + serial + ": the chain and the database disagree (" + differs + "); nothing changed");
                }
                if (holder != null && !contract.isApprovedForAll(holderAccount, operator).send()) {
                    consent.approve(holder, holderAccount);
                }
                String txHash;
                try {
                    txHash = onChain.send(row, holderAccount);
                } catch (Refused e) {
                    throw e;
                } catch (org.web3j.protocol.exceptions.TransactionException e) {
                    throw new Refused("certificate " + serial + ": the chain refused the change: " + e.getMessage(), e);
                }
                String status = inDatabase.write(c, row, txHash);
                c.commit();
                return new Change(serial, status, txHash);
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static void refuseUnlessLive(Row row, String holder) {
        switch (row.status()) {
            case "RETIRED" -> throw new Refused("certificate " + row.serial() + " is retired (since " + row.retiredAt() + "): it cannot change again");
            case "REVOKED" -> throw new Refused("certificate " + row.serial() + " was revoked at " + row.revokedAt() + ": " + row.revokeReason());
            case "EXPIRED" -> throw new Refused("certificate " + row.serial() + " expired at " + row.expiredAt());
            default -> {
            }
        }
        if (!row.onChain()) {
            throw new Refused("certificate " + row.serial() + " is not issued on chain yet; try again in a moment");
        }
        if (holder != null && !holder.equals(row.ownerId())) {
            throw new Refused(holder + " does not hold certificate " + row.serial());
        }
        if (row.ownerId() == null && holder == null && row.holderAddress() == null) {
            throw new Refused("certificate " + row.serial() + " has no holder");
        }
    }

    /** The difference between the database's row and the chain's state, or null when they agree (expiry by the chain's clock). */
    private static String disagreement(Row row, ChainState chain) {
        if (row.onChain() && !chain.issued()) {
            return "the database says issued, the chain has no certificate " + row.serial();
        }
        if (!row.onChain()) {
            return chain.issued() ? "issued on chain, not yet recorded as such" : null;
        }
        if (chain.retired() != row.status().equals("RETIRED")) {
            return "the chain says " + (chain.retired() ? "retired" : "not retired") + ", the database " + row.status();
        }
        if (chain.revoked() != row.status().equals("REVOKED")) {
            return "the chain says " + (chain.revoked() ? "revoked" : "not revoked") + ", the database " + row.status();
        }
        if (!chain.expiresAt().equals(row.expiresAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))) {
            return "the chain says it expires at " + chain.expiresAt() + ", the database " + row.expiresAt();
        }
        if (row.status().equals("ISSUED") || row.status().equals("TRANSFERRED")) {
            if (!chain.chainTime().isBefore(chain.expiresAt())) {
                return "expired at " + chain.expiresAt() + " by the chain's clock (" + chain.chainTime() + ")";
            }
        }
        return null;
    }

    private static Row find(Connection c, long serial, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id, token_serial, owner_id, holder_address, status, expires_at, tx_hash IS NOT NULL, retired_at, revoked_at, revoke_reason, expired_at
                  FROM green_certificates WHERE token_serial = ?""" + (lock ? " FOR UPDATE" : ""))) {
            ps.setLong(1, serial);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NoSuchElementException("no certificate " + serial);
                }
                return new Row(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant(),
                        rs.getBoolean(7), instant(rs.getTimestamp(8)), instant(rs.getTimestamp(9)), rs.getString(10), instant(rs.getTimestamp(11)));
            }
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private boolean participantExists(String id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT 1 FROM participants WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new BadRequest(field + ": required, and not blank");
        }
        String v = value.strip();
        if (v.length() > max) {
            throw new BadRequest(field + ": at most " + max + " characters, got " + v.length());
        }
        return v;
    }

    private static void update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                if (params[i] == null) {
                    ps.setNull(i + 1, Types.VARCHAR);
                } else {
                    ps.setObject(i + 1, params[i]);
                }
            }
            ps.executeUpdate();
        }
    }

    private static void event(Connection c, long certificateId, String kind, String from, String to, String toAddress, String actor, String detail,
                              String txHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO certificate_events (certificate_id, kind, from_id, to_id, to_address, actor, detail, tx_hash) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, certificateId);
            ps.setString(2, kind);
            ps.setString(3, from);
            ps.setString(4, to);
            ps.setString(5, toAddress);
            ps.setString(6, actor);
            ps.setString(7, detail);
            ps.setBytes(8, txHash == null ? null : Numeric.hexStringToByteArray(txHash));
            ps.executeUpdate();
        }
    }
}
