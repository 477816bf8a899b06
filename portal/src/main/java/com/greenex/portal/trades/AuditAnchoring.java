package com.greenex.portal.trades;

import com.greenex.portal.audit.ChainProblem;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Anchors the audit log's head on the settlement chain (GreenexSettlement.anchorAudit) once per
 * interval when it moved, and checks the anchors against the log: a database owner who rewrites the
 * log (recomputing every hash so that {@code audit_verify} alone sees nothing) cannot rewrite the chain.
 */
@Service
public class AuditAnchoring {

    /** One anchor sent. */
    public record Anchor(long seq, String hash, String txHash) {
    }

    private final JdbcClient jdbc;
    private final ChainConfiguration.Contracts contracts;
    private final Clock clock;

    AuditAnchoring(JdbcClient jdbc, ChainConfiguration.Contracts contracts, Clock clock) {
        this.jdbc = jdbc;
        this.contracts = contracts;
        this.clock = clock;
    }

    /**
     * Anchors the head when it is past the last anchor and the last anchor is at least {@code every} old.
     *
     * @throws IllegalStateException naming what the chain said when the anchor could not be sent
     */
    public Optional<Anchor> anchorIfDue(Duration every) {
        record Head(long seq, byte[] hash) {
        }
        Head head = jdbc.sql("SELECT last_seq, hash FROM audit_chain_head WHERE id").query((rs, i) -> new Head(rs.getLong(1), rs.getBytes(2))).single();
        if (head.seq() == 0) {
            return Optional.empty();
        }
        record Last(long seq, Instant at) {
        }
        Last last = jdbc.sql("SELECT coalesce(max(seq), 0), max(anchored_at) FROM audit_anchors")
                .query((rs, i) -> new Last(rs.getLong(1), rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant())).single();
        if (head.seq() <= last.seq() || last.at() != null && clock.instant().isBefore(last.at().plus(every))) {
            return Optional.empty();
        }
        TransactionReceipt receipt;
        try {
            receipt = contracts.settlement().anchorAudit(BigInteger.valueOf(head.seq()), head.hash()).send();
        } catch (Exception e) {
            throw new IllegalStateException("anchoring audit row " + head.seq() + " on chain: " + e.getMessage(), e);
        }
        jdbc.sql("INSERT INTO audit_anchors (seq, hash, chain_id, tx_hash, block_number, anchored_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(head.seq(), head.hash(), contracts.chainId(), Numeric.hexStringToByteArray(receipt.getTransactionHash()),
                        receipt.getBlockNumber().longValueExact(), Timestamp.from(clock.instant())).update();
        return Optional.of(new Anchor(head.seq(), Numeric.toHexString(head.hash()), receipt.getTransactionHash()));
    }

    /** Each recorded anchor against the chain and the log: empty when the log up to the last anchor is as anchored. */
    public List<ChainProblem> verify() {
        record Row(long seq, byte[] anchored, byte[] logged) {
        }
        List<Row> rows = jdbc.sql("SELECT a.seq, a.hash, l.hash FROM audit_anchors a LEFT JOIN audit_log l ON l.seq = a.seq ORDER BY a.seq")
                .query((rs, i) -> new Row(rs.getLong(1), rs.getBytes(2), rs.getBytes(3))).list();
        List<ChainProblem> problems = new ArrayList<>();
        for (Row r : rows) {
            byte[] onChain;
            try {
                onChain = contracts.settlement().auditAnchors(BigInteger.valueOf(r.seq())).send();
            } catch (Exception e) {
                throw new IllegalStateException("reading the audit anchor of row " + r.seq() + " from the chain: " + e.getMessage(), e);
            }
            if (isZero(onChain)) {
                problems.add(new ChainProblem(r.seq(), "not anchored on the chain (the database says it was)"));
            } else if (r.logged() == null || !Arrays.equals(onChain, r.logged())) {
                problems.add(new ChainProblem(r.seq(), "the log's row differs from its anchor on chain " + Numeric.toHexString(onChain) + ": the log was rewritten"));
            } else if (!Arrays.equals(onChain, r.anchored())) {
                problems.add(new ChainProblem(r.seq(), "the recorded anchor differs from the chain's"));
            }
        }
        return problems;
    }

    public long anchors() {
        return jdbc.sql("SELECT count(*) FROM audit_anchors").query(Long.class).single();
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
