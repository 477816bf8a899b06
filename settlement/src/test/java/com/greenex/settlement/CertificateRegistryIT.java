package com.greenex.settlement;

import com.greenex.db.testing.TestDatabase;
import com.greenex.settlement.CertificateRegistry.BadRequest;
import com.greenex.settlement.CertificateRegistry.Claim;
import com.greenex.settlement.CertificateRegistry.Recipient;
import com.greenex.settlement.CertificateRegistry.Refused;
import com.greenex.settlement.contracts.GreenCertificates;
import com.greenex.settlement.contracts.GreenexSettlement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A certificate's life between a real PostgreSQL and a real anvil on 127.0.0.1: each transition and
 * each refusal, the chain and the database agreeing after each (a refusal changes neither).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class CertificateRegistryIT {

    private TestDatabase pg;
    private DataSource db;
    private DevChain chain;
    private Web3j web3j;
    private GreenexSettlement settlement;
    private GreenCertificates certificates;
    private CertificateService issuer;
    private CertificateRegistry registry;
    private final Map<String, Credentials> keys = new java.util.HashMap<>();
    private final String operator = Credentials.create(DevChain.DEV_ACCOUNT_0_KEY).getAddress();

    @BeforeAll
    void start() throws Exception {
        pg = TestDatabase.start();
        db = pg.dataSource();
        exec("INSERT INTO participants (id, name, kind, capacity_kw, voltage_level) "
                + "SELECT id, id, 'PROSUMER', 5, '0.4kV' FROM unnest(ARRAY['S1', 'H1', 'H2', 'H3', 'NOKEY']) id");
        chain = DevChain.start(SettlementContractIT.ANVIL, null, 0);
        web3j = Web3j.build(new HttpService(chain.rpcUrl()));
        RawTransactionManager tm = Transactions.manager(web3j, Credentials.create(DevChain.DEV_ACCOUNT_0_KEY), Duration.ofMillis(50));
        settlement = GreenexSettlement.deploy(web3j, tm, new DefaultGasProvider(), operator).send();
        // A certificate of 1 kWh here (a demonstration's size), so that a few small trades make several.
        certificates = GreenCertificates.deploy(web3j, tm, new DefaultGasProvider(), operator, BigInteger.valueOf(1_000_000)).send();
        for (String p : List.of("H1", "H2", "H3")) {
            keys.put(p, Credentials.create(Keys.createEcKeyPair()));
            chain.setBalance(keys.get(p).getAddress(), BigInteger.TEN.pow(18));
        }
        keys.put("NOKEY", Credentials.create(Keys.createEcKeyPair())); // its holder keeps its key: the platform cannot approve for it
        java.util.function.Function<String, String> accountOf = p -> keys.containsKey(p) ? keys.get(p).getAddress() : null;
        issuer = new CertificateService(db, web3j, certificates, accountOf, Duration.ofDays(365), 100);
        registry = new CertificateRegistry(db, web3j, certificates, operator, accountOf, (participant, account) -> {
            if (participant.equals("NOKEY")) {
                throw new Refused("account " + account + " of " + participant + " has not approved the operator");
            }
            GreenCertificates.load(certificates.getContractAddress(), web3j, Transactions.manager(web3j, keys.get(participant), Duration.ofMillis(50)),
                    new DefaultGasProvider()).setApprovalForAll(operator, true).send();
        }, false);
    }

    @AfterAll
    void stop() throws Exception {
        web3j.shutdown();
        chain.close();
        pg.close();
    }

    /** Certificates issued on chain to {@code buyer}: one per kWh it bought. */
    private List<Long> issuedTo(String buyer, int kwh) throws Exception {
        try (Connection c = db.getConnection()) {
            ClearedIntervals.store(c, List.of(new TradeRecord("S1", buyer, BigDecimal.valueOf(kwh), new BigDecimal("0.5"), 0)), 10);
        }
        var operator = Transactions.manager(web3j, Credentials.create(DevChain.DEV_ACCOUNT_0_KEY), Duration.ofMillis(50));
        new SettlementWorker(db, web3j, GreenexSettlement.load(settlement.getContractAddress(), web3j, operator, new DefaultGasProvider()), operator, 1).runOnce();
        List<Long> serials = issuer.issueDue();
        assertThat(serials).hasSize(kwh);
        return serials;
    }

    private void agree(long serial) throws Exception {
        assertThat(registry.disagreement(serial)).as("chain and database of certificate " + serial).isNull();
    }

    private Claim claim() {
        LocalDate lastMonth = LocalDate.now(ZoneOffset.UTC).minusMonths(1);
        return new Claim("Bakery Li 李记面包", "Scope 2 report 2026", lastMonth.withDayOfMonth(1), lastMonth.withDayOfMonth(lastMonth.lengthOfMonth()));
    }

    @Test
    void transferredToAnotherParticipantThenRetiredWithItsClaimAndNeverAgain() throws Exception {
        long serial = issuedTo("H1", 1).getFirst();
        agree(serial);
        assertThat(string("SELECT status || ' ' || owner_id || ' ' || energy_kwh::text FROM green_certificates WHERE token_serial = " + serial))
                .isEqualTo("ISSUED H1 1.000000");

        CertificateRegistry.Change moved = registry.transfer(serial, "H1", Recipient.participant("H2"), "h1-user");
        assertThat(moved.status()).isEqualTo("TRANSFERRED");
        assertThat(certificates.balanceOf(keys.get("H2").getAddress(), BigInteger.valueOf(serial)).send()).isEqualTo(BigInteger.ONE);
        assertThat(certificates.balanceOf(keys.get("H1").getAddress(), BigInteger.valueOf(serial)).send()).isZero();
        assertThat(string("SELECT owner_id FROM green_certificates WHERE token_serial = " + serial)).isEqualTo("H2");
        agree(serial);

        // H1 holds it no more.
        assertThatThrownBy(() -> registry.transfer(serial, "H1", Recipient.participant("H3"), "h1-user"))
                .isInstanceOf(Refused.class).hasMessage("H1 does not hold certificate " + serial);
        assertThatThrownBy(() -> registry.retire(serial, "H1", claim(), "h1-user")).isInstanceOf(Refused.class);

        CertificateRegistry.Change retired = registry.retire(serial, "H2", claim(), "h2-user");
        assertThat(retired.status()).isEqualTo("RETIRED");
        assertThat(certificates.retired(BigInteger.valueOf(serial)).send()).isTrue();
        var events = GreenCertificates.getCertificateRetiredEvents(web3j.ethGetTransactionReceipt(retired.txHash()).send().getTransactionReceipt().orElseThrow());
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.beneficiary).isEqualTo("Bakery Li 李记面包");
            assertThat(e.purpose).isEqualTo("Scope 2 report 2026");
            assertThat(e.periodStart.longValueExact()).isEqualTo(claim().periodFrom().atStartOfDay(ZoneOffset.UTC).toEpochSecond());
        });
        assertThat(string("SELECT beneficiary || ' | ' || purpose || ' | ' || period_from || ' | ' || period_to FROM green_certificates WHERE token_serial = "
                + serial)).isEqualTo("Bakery Li 李记面包 | Scope 2 report 2026 | " + claim().periodFrom() + " | " + claim().periodTo());
        agree(serial);

        assertThatThrownBy(() -> registry.retire(serial, "H2", claim(), "h2-user")).isInstanceOf(Refused.class).hasMessageContaining("is retired");
        assertThatThrownBy(() -> registry.transfer(serial, "H2", Recipient.participant("H3"), "h2-user")).isInstanceOf(Refused.class);
        assertThat(string("SELECT string_agg(e.kind, ',' ORDER BY e.id) FROM certificate_events e JOIN green_certificates c ON c.id = e.certificate_id "
                + "WHERE c.token_serial = " + serial)).isEqualTo("ISSUED,TRANSFERRED,RETIRED");
        assertThat(count("SELECT count(*) FROM certificate_events e JOIN green_certificates c ON c.id = e.certificate_id WHERE c.token_serial = "
                + serial + " AND e.tx_hash IS NULL")).isZero();
        agree(serial);
    }

    @Test
    void badClaimsAndBadRecipientsAreRefusedAndNothingChanges() throws Exception {
        long serial = issuedTo("H3", 1).getFirst();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThatThrownBy(() -> registry.retire(serial, "H3", new Claim(" ", "p", today.minusDays(9), today.minusDays(2)), "u"))
                .isInstanceOf(BadRequest.class).hasMessage("beneficiary: required, and not blank");
        assertThatThrownBy(() -> registry.retire(serial, "H3", new Claim("B", "", today.minusDays(9), today.minusDays(2)), "u"))
                .isInstanceOf(BadRequest.class).hasMessage("purpose: required, and not blank");
        assertThatThrownBy(() -> registry.retire(serial, "H3", new Claim("B", "p", today.minusDays(2), today.plusDays(30)), "u"))
                .isInstanceOf(BadRequest.class).hasMessageStartingWith("periodTo: a claim covers consumption that happened; " + today.plusDays(30));
        assertThatThrownBy(() -> registry.retire(serial, "H3", new Claim("B", "p", today.minusDays(2), today.minusDays(9)), "u"))
                .isInstanceOf(BadRequest.class).hasMessageContaining("ends (" + today.minusDays(9) + ") before it starts");
        assertThatThrownBy(() -> registry.transfer(serial, "H3", Recipient.participant("H3"), "u")).isInstanceOf(BadRequest.class);
        assertThatThrownBy(() -> registry.transfer(serial, "H3", Recipient.participant("P-404"), "u"))
                .isInstanceOf(BadRequest.class).hasMessage("to: no participant P-404");
        assertThatThrownBy(() -> registry.transfer(serial, "H3", Recipient.participant("S1"), "u"))
                .isInstanceOf(Refused.class).hasMessage("participant S1 has no chain account to receive certificate " + serial);
        assertThatThrownBy(() -> registry.transfer(serial, "H3", Recipient.external("0x" + "ab".repeat(20)), "u"))
                .isInstanceOf(BadRequest.class).hasMessageContaining("not allowed here");
        assertThatThrownBy(() -> registry.transfer(serial, "H3", Recipient.external("0x12"), "u")).isInstanceOf(BadRequest.class);
        assertThatThrownBy(() -> registry.transfer(999_999, "H3", Recipient.participant("H1"), "u")).isInstanceOf(NoSuchElementException.class);
        assertThat(string("SELECT status || ' ' || owner_id FROM green_certificates WHERE token_serial = " + serial)).isEqualTo("ISSUED H3");
        assertThat(certificates.balanceOf(keys.get("H3").getAddress(), BigInteger.valueOf(serial)).send()).isEqualTo(BigInteger.ONE);
        agree(serial);
    }

    @Test
    void whereAllowedACertificateLeavesThePlatformForAnExternalAccountAndIsNoLongerAParticipantsToMove() throws Exception {
        long serial = issuedTo("H1", 1).getFirst();
        Credentials outside = Credentials.create(Keys.createEcKeyPair());
        CertificateRegistry open = new CertificateRegistry(db, web3j, certificates, operator, p -> keys.containsKey(p) ? keys.get(p).getAddress() : null,
                (participant, account) -> GreenCertificates.load(certificates.getContractAddress(), web3j,
                        Transactions.manager(web3j, keys.get(participant), Duration.ofMillis(50)), new DefaultGasProvider()).setApprovalForAll(operator, true).send(),
                true);
        CertificateRegistry.Change out = open.transfer(serial, "H1", Recipient.external(outside.getAddress()), "h1-user");
        assertThat(out.status()).isEqualTo("TRANSFERRED");
        assertThat(certificates.balanceOf(outside.getAddress(), BigInteger.valueOf(serial)).send()).isEqualTo(BigInteger.ONE);
        assertThat(string("SELECT coalesce(owner_id, '-') || ' ' || holder_address FROM green_certificates WHERE token_serial = " + serial))
                .isEqualToIgnoringCase("- " + outside.getAddress());
        agree(serial);
        assertThatThrownBy(() -> open.transfer(serial, "H1", Recipient.participant("H2"), "h1-user"))
                .isInstanceOf(Refused.class).hasMessage("H1 does not hold certificate " + serial);
        assertThat(string("SELECT to_address FROM certificate_events e JOIN green_certificates c ON c.id = e.certificate_id WHERE c.token_serial = "
                + serial + " AND e.kind = 'TRANSFERRED'")).isEqualToIgnoringCase(outside.getAddress());
    }

    @Test
    void withoutTheHoldersApprovalOnChainThePlatformMovesNothing() throws Exception {
        long serial = issuedTo("NOKEY", 1).getFirst();
        assertThatThrownBy(() -> registry.transfer(serial, "NOKEY", Recipient.participant("H1"), "u"))
                .isInstanceOf(Refused.class).hasMessageContaining("has not approved the operator");
        assertThat(string("SELECT status FROM green_certificates WHERE token_serial = " + serial)).isEqualTo("ISSUED");
        agree(serial);
    }

    @Test
    void theRegulatorRevokesWithAReasonAndARevokedCertificateIsNeitherTransferredNorRetired() throws Exception {
        long serial = issuedTo("H1", 1).getFirst();
        assertThatThrownBy(() -> registry.revoke(serial, "  ", "regulator")).isInstanceOf(BadRequest.class).hasMessage("reason: required, and not blank");
        CertificateRegistry.Change revoked = registry.revoke(serial, "meter M-7 read ten times too much in March", "regulator");
        assertThat(revoked.status()).isEqualTo("REVOKED");
        assertThat(certificates.revoked(BigInteger.valueOf(serial)).send()).isTrue();
        assertThat(string("SELECT revoke_reason || ' by ' || revoked_by FROM green_certificates WHERE token_serial = " + serial))
                .isEqualTo("meter M-7 read ten times too much in March by regulator");
        agree(serial);
        assertThatThrownBy(() -> registry.retire(serial, "H1", claim(), "u")).isInstanceOf(Refused.class).hasMessageContaining("was revoked");
        assertThatThrownBy(() -> registry.transfer(serial, "H1", Recipient.participant("H2"), "u")).isInstanceOf(Refused.class);
        assertThatThrownBy(() -> registry.revoke(serial, "again", "regulator")).isInstanceOf(Refused.class);
        agree(serial);
    }

    @Test
    void theDatabaseNeverSaysWhatTheChainDoesNot() throws Exception {
        long serial = issuedTo("H2", 1).getFirst();
        exec("UPDATE green_certificates SET status = 'RETIRED', retired_at = now() WHERE token_serial = " + serial);
        assertThat(registry.disagreement(serial)).isEqualTo("the chain says not retired, the database RETIRED");
        exec("UPDATE green_certificates SET status = 'ISSUED', retired_at = NULL WHERE token_serial = " + serial);
        agree(serial);
    }

    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE) // last: it moves the chain's clock a year on
    void afterItsValidityACertificateExpiresByTheChainsClockAndCanNeitherMoveNorBeClaimed() throws Exception {
        List<Long> serials = issuedTo("H2", 2);
        long kept = serials.getFirst();
        long retired = serials.get(1);
        registry.retire(retired, "H2", claim(), "h2-user");
        assertThat(registry.expireDue()).isEmpty();

        chain.increaseTime(Duration.ofDays(366));
        List<Long> expired = registry.expireDue();
        assertThat(expired).contains(kept).doesNotContain(retired);
        assertThat(string("SELECT status FROM green_certificates WHERE token_serial = " + kept)).isEqualTo("EXPIRED");
        assertThat(string("SELECT status FROM green_certificates WHERE token_serial = " + retired)).isEqualTo("RETIRED");
        agree(kept);
        agree(retired);
        assertThatThrownBy(() -> registry.transfer(kept, "H2", Recipient.participant("H1"), "u")).isInstanceOf(Refused.class).hasMessageContaining("expired at");
        assertThatThrownBy(() -> registry.retire(kept, "H2", claim(), "u")).isInstanceOf(Refused.class).hasMessageContaining("expired at");
        assertThat(certificates.balanceOf(keys.get("H2").getAddress(), BigInteger.valueOf(kept)).send()).isEqualTo(BigInteger.ONE);
        assertThat(registry.expireDue()).isEmpty();
    }

    private void exec(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private String string(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
