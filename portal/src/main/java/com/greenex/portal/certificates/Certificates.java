package com.greenex.portal.certificates;

import com.greenex.portal.audit.AuditAction;
import com.greenex.portal.audit.AuditLog;
import com.greenex.portal.config.DemoAccounts;
import com.greenex.portal.config.DevelopmentDefaults;
import com.greenex.portal.security.GreenexUser;
import com.greenex.portal.security.Viewer;
import com.greenex.portal.trades.CertificateProperties;
import com.greenex.portal.trades.ChainConfiguration;
import com.greenex.settlement.CertificateRegistry;
import com.greenex.settlement.CertificateRegistry.Claim;
import com.greenex.settlement.CertificateRegistry.Recipient;
import com.greenex.settlement.DevChain;
import com.greenex.settlement.Transactions;
import com.greenex.settlement.contracts.GreenCertificates;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.web3j.protocol.Web3j;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Green certificates for their whole life, as participants and the regulator use them: a holder
 * transfers or retires (claims) its certificates, the regulator revokes one with a reason, they
 * expire after their validity; each certificate shows where its energy came from (the trades, their
 * intervals and sellers, each with its Merkle proof) and its history. Every change goes to the chain
 * first ({@link CertificateRegistry}) and is in the audit log.
 */
@Service
public class Certificates {

    /** A certificate as listed. */
    public record Row(long serial, String ownerId, String holderAddress, String issuedToId, String status, BigDecimal energyKwh, Instant issuedAt,
                      Instant expiresAt, String txHash) {
    }

    /** A trade (part of one) a certificate's energy came from, with where to get its Merkle proof. */
    public record Source(long tradeId, long intervalId, Instant intervalStart, String sellerId, BigDecimal energyKwh, String proof) {
    }

    /** One change in a certificate's life. */
    public record Event(String kind, String fromId, String toId, String toAddress, String actor, String detail, String txHash, Instant at) {
    }

    /** A certificate with its provenance and history. */
    public record Detail(long serial, String ownerId, String holderAddress, String issuedToId, String status, BigDecimal energyKwh, Instant issuedAt,
                         Instant expiresAt, String beneficiary, String purpose, LocalDate periodFrom, LocalDate periodTo, String revokeReason,
                         String txHash, String contract, List<Source> sources, List<Event> events) {
    }

    /** Certificates issued, transferred, retired, revoked and expired in one month (UTC). */
    public record Month(String month, long issued, long transferred, long retired, long revoked, long expired, BigDecimal issuedKwh,
                       BigDecimal retiredKwh) {
    }

    private final JdbcClient jdbc;
    private final CertificateRegistry registry;
    private final AuditLog audit;
    private final ChainConfiguration.Contracts contracts;

    public Certificates(JdbcClient jdbc, DataSource dataSource, Web3j web3j, ChainConfiguration.Contracts contracts, TransactionManager operator,
                        CertificateProperties properties, AuditLog audit, ObjectProvider<DevChain> devChain, Environment environment,
                        com.greenex.portal.trades.TradeQueries trades) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.contracts = contracts;
        DevChain dev = devChain.getIfAvailable();
        boolean demo = DevelopmentDefaults.allowed(environment);
        String operatorAddress = operator.getFromAddress();
        String contract = contracts.certificates().getContractAddress();
        CertificateRegistry.Consent consent = (participant, account) -> {
            if (demo && dev != null && account.equalsIgnoreCase(DemoAccounts.address(participant))) {
                // A demo account's key is public: give it gas and approve the operator for it, as its holder would from a wallet.
                dev.setBalance(account, BigInteger.TEN.pow(17));
                GreenCertificates.load(contract, web3j, Transactions.manager(web3j, DemoAccounts.credentials(participant), java.time.Duration.ofMillis(200)),
                        new DefaultGasProvider()).setApprovalForAll(operatorAddress, true).send();
                return;
            }
            throw new CertificateRegistry.Refused("account " + account + " of " + participant + " has not approved the platform's operator " + operatorAddress
                    + " to act for it: send setApprovalForAll(" + operatorAddress + ", true) to GreenCertificates at " + contract
                    + " from that account, once (or move the certificate from your own wallet)");
        };
        this.registry = new CertificateRegistry(dataSource, web3j, contracts.certificates(), operatorAddress, trades::chainAccount, consent,
                properties.externalTransfers());
    }

    /** The certificates a participant holds or was issued, newest first. */
    public List<Row> of(Viewer viewer, String participant, int offset, int limit) {
        viewer.requireMaySee(participant);
        return jdbc.sql("""
                        SELECT token_serial, owner_id, holder_address, issued_to_id, status, energy_kwh, issued_at, expires_at,
                               CASE WHEN tx_hash IS NULL THEN NULL ELSE '0x' || encode(tx_hash, 'hex') END
                          FROM green_certificates WHERE ? IN (owner_id, issued_to_id) ORDER BY token_serial DESC OFFSET ? LIMIT ?""")
                .params(participant, offset, limit)
                .query((rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getBigDecimal(6),
                        rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant(), rs.getString(9)))
                .list();
    }

    public long countOf(Viewer viewer, String participant) {
        viewer.requireMaySee(participant);
        return jdbc.sql("SELECT count(*) FROM green_certificates WHERE ? IN (owner_id, issued_to_id)").param(participant).query(Long.class).single();
    }

    /**
     * @throws NoSuchElementException when there is no such certificate
     * @throws AccessDeniedException when the viewer neither holds it, was issued it, nor had it before
     */
    public Detail detail(Viewer viewer, long serial) {
        Detail d = jdbc.sql("""
                        SELECT id, token_serial, owner_id, holder_address, issued_to_id, status, energy_kwh, issued_at, expires_at, beneficiary, purpose,
                               period_from, period_to, revoke_reason, CASE WHEN tx_hash IS NULL THEN NULL ELSE '0x' || encode(tx_hash, 'hex') END
                          FROM green_certificates WHERE token_serial = ?""")
                .param(serial)
                .query((rs, i) -> {
                    long id = rs.getLong(1);
                    return new Detail(rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getBigDecimal(7),
                            rs.getTimestamp(8).toInstant(), rs.getTimestamp(9).toInstant(), rs.getString(10), rs.getString(11),
                            rs.getObject(12, LocalDate.class), rs.getObject(13, LocalDate.class), rs.getString(14), rs.getString(15),
                            contracts.certificates().getContractAddress(), sources(id), events(id));
                })
                .optional().orElseThrow(() -> new NoSuchElementException("no certificate " + serial));
        boolean involved = viewer.maySee(d.ownerId()) || viewer.maySee(d.issuedToId())
                || d.events().stream().anyMatch(e -> viewer.maySee(e.fromId()) || viewer.maySee(e.toId()));
        if (!involved) {
            throw new AccessDeniedException(viewer.username() + " may see only participant " + viewer.participantId() + "'s certificates; "
                    + serial + " is not one");
        }
        return d;
    }

    private List<Source> sources(long certificateId) {
        return jdbc.sql("""
                        SELECT t.id, t.interval_id, i.starts_at, t.seller_id, s.energy_kwh
                          FROM certificate_sources s JOIN trades t ON t.id = s.trade_id JOIN trading_intervals i ON i.id = t.interval_id
                         WHERE s.certificate_id = ? ORDER BY t.interval_id, t.seq""")
                .param(certificateId)
                .query((rs, i) -> new Source(rs.getLong(1), rs.getLong(2), rs.getTimestamp(3).toInstant(), rs.getString(4), rs.getBigDecimal(5),
                        "/api/trades/" + rs.getLong(1) + "/proof"))
                .list();
    }

    private List<Event> events(long certificateId) {
        return jdbc.sql("""
                        SELECT kind, from_id, to_id, to_address, actor, detail, CASE WHEN tx_hash IS NULL THEN NULL ELSE '0x' || encode(tx_hash, 'hex') END, at
                          FROM certificate_events WHERE certificate_id = ? ORDER BY id""")
                .param(certificateId)
                .query((rs, i) -> new Event(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getString(7), rs.getTimestamp(8).toInstant()))
                .list();
    }

    /**
     * The signed-in participant transfers its certificate to another participant ({@code toParticipant})
     * or, where allowed, an external account ({@code toAddress}): exactly one of them.
     */
    public CertificateRegistry.Change transfer(GreenexUser user, long serial, String toParticipant, String toAddress) {
        String holder = holder(user);
        boolean toP = toParticipant != null && !toParticipant.isBlank();
        boolean toA = toAddress != null && !toAddress.isBlank();
        if (toP == toA) {
            throw new CertificateRegistry.BadRequest("give exactly one of toParticipant and toAddress");
        }
        Recipient to = toP ? Recipient.participant(toParticipant.strip()) : Recipient.external(toAddress.strip());
        CertificateRegistry.Change c = run(() -> registry.transfer(serial, holder, to, user.getUsername()));
        audit.append(user.getUsername(), AuditAction.CERTIFICATE_TRANSFERRED, "certificate " + serial,
                details("from", holder, "to", toP ? to.participantId() : to.address(), "tx", c.txHash()));
        return c;
    }

    /** The signed-in participant retires (claims) its certificate for a beneficiary, a purpose and a consumption period. */
    public CertificateRegistry.Change retire(GreenexUser user, long serial, String beneficiary, String purpose, LocalDate periodFrom, LocalDate periodTo) {
        String holder = holder(user);
        CertificateRegistry.Change c = run(() -> registry.retire(serial, holder, new Claim(beneficiary, purpose, periodFrom, periodTo), user.getUsername()));
        audit.append(user.getUsername(), AuditAction.CERTIFICATE_RETIRED, "certificate " + serial,
                details("holder", holder, "beneficiary", beneficiary, "purpose", purpose, "period", periodFrom + " – " + periodTo, "tx", c.txHash()));
        return c;
    }

    /** The regulator revokes a certificate, naming why (e.g. a metering error found later). */
    public CertificateRegistry.Change revoke(GreenexUser user, long serial, String reason) {
        if (!user.hasRole("REGULATOR")) {
            throw new AccessDeniedException(user.getUsername() + " may not revoke certificates: the regulator does");
        }
        CertificateRegistry.Change c = run(() -> registry.revoke(serial, reason, user.getUsername()));
        audit.append(user.getUsername(), AuditAction.CERTIFICATE_REVOKED, "certificate " + serial, details("reason", reason, "tx", c.txHash()));
        return c;
    }

    /** Marks expired every certificate whose validity the chain's clock has passed; returns their serials. */
    public List<Long> expireDue() {
        return run(registry::expireDue);
    }

    /** Whether the database's state of a certificate is the chain's: the difference in words, or null. */
    public String disagreement(long serial) {
        return run(() -> registry.disagreement(serial));
    }

    /** Per month (UTC) of [from, to): how many certificates were issued, transferred, retired, revoked and expired. */
    public List<Month> summary(LocalDate from, LocalDate to) {
        if (from == null || to == null || !from.isBefore(to)) {
            throw new IllegalArgumentException("from, to: the summary's period must end after it starts: " + from + " to " + to);
        }
        Map<String, Month> months = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT to_char(date_trunc('month', e.at AT TIME ZONE 'UTC'), 'YYYY-MM') AS m,
                               count(*) FILTER (WHERE e.kind = 'ISSUED'), count(*) FILTER (WHERE e.kind = 'TRANSFERRED'),
                               count(*) FILTER (WHERE e.kind = 'RETIRED'), count(*) FILTER (WHERE e.kind = 'REVOKED'),
                               count(*) FILTER (WHERE e.kind = 'EXPIRED'),
                               coalesce(sum(c.energy_kwh) FILTER (WHERE e.kind = 'ISSUED'), 0), coalesce(sum(c.energy_kwh) FILTER (WHERE e.kind = 'RETIRED'), 0)
                          FROM certificate_events e JOIN green_certificates c ON c.id = e.certificate_id
                         WHERE e.at >= ? AND e.at < ? GROUP BY 1 ORDER BY 1""")
                .params(Timestamp.from(from.atStartOfDay(java.time.ZoneOffset.UTC).toInstant()), Timestamp.from(to.atStartOfDay(java.time.ZoneOffset.UTC).toInstant()))
                .query((rs, i) -> new Month(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getBigDecimal(7),
                        rs.getBigDecimal(8)))
                .list().forEach(m -> months.put(m.month(), m));
        return List.copyOf(months.values());
    }

    private static String holder(GreenexUser user) {
        if (!user.hasRole("PARTICIPANT") || user.participantId() == null) {
            throw new AccessDeniedException(user.getUsername() + " holds no certificates: a participant transfers and retires its own");
        }
        return user.participantId();
    }

    private static Map<String, Object> details(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @FunctionalInterface
    private interface ChainWork<T> {
        T call() throws Exception;
    }

    /** Runs registry work: its refusals as they are (400, 404, 409), the chain or the database out of reach as 409 naming it. */
    private static <T> T run(ChainWork<T> work) {
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the chain could not be reached: " + e.getMessage(), e);
        } catch (java.sql.SQLException e) {
            throw new org.springframework.dao.DataAccessResourceFailureException("certificates: the database failed: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalStateException("certificates: " + e.getMessage(), e);
        }
    }
}
