package com.greenex.settlement;

import com.greenex.settlement.contracts.GreenCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.Transfer;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Convert;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Green certificates on a real anvil on 127.0.0.1: issued with their sources, transferred, retired, revoked, expired. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GreenCertificatesIT {

    private DevChain chain;
    private Web3j web3j;
    private GreenCertificates asOperator;
    private Credentials alice;
    private Credentials bob;

    @BeforeAll
    void start() throws Exception {
        chain = DevChain.start(SettlementContractIT.ANVIL, null, 0);
        web3j = Web3j.build(new HttpService(chain.rpcUrl()));
        Credentials operator = Credentials.create(DevChain.DEV_ACCOUNT_0_KEY);
        asOperator = GreenCertificates.deploy(web3j, fast(operator), new DefaultGasProvider(), operator.getAddress(), BigInteger.valueOf(1_000_000_000L)).send();
        alice = Credentials.create(Keys.createEcKeyPair());
        bob = Credentials.create(Keys.createEcKeyPair());
        for (Credentials c : List.of(alice, bob)) {
            new Transfer(web3j, fast(operator)).sendFunds(c.getAddress(), BigDecimal.ONE, Convert.Unit.ETHER).send();
        }
    }

    @AfterAll
    void stop() throws Exception {
        web3j.shutdown();
        chain.close();
    }

    private RawTransactionManager fast(Credentials c) throws Exception {
        return Transactions.manager(web3j, c, java.time.Duration.ofMillis(50));
    }

    private GreenCertificates as(Credentials c) throws Exception {
        return GreenCertificates.load(asOperator.getContractAddress(), web3j, fast(c), new DefaultGasProvider());
    }

    /** Sources as the contract reads them: (interval, trade seq, energy in 10^-6 kWh) per 24 bytes. */
    static byte[] sources(List<CertificateAccrual.Slice> slices) {
        ByteBuffer b = ByteBuffer.allocate(24 * slices.size());
        for (CertificateAccrual.Slice s : slices) {
            b.putLong(s.intervalId()).putLong(s.tradeSeq()).putLong(s.energyKwh().movePointRight(6).longValueExact());
        }
        return b.array();
    }

    /** A participant id as bytes32: UTF-8, zero-padded, as in trade records. */
    static byte[] participant(String id) {
        return java.util.Arrays.copyOf(id.getBytes(java.nio.charset.StandardCharsets.UTF_8), 32);
    }

    @Test
    void aCertificateIsIssuedWithItsTradesThenTransferredAndRetired() throws Exception {
        CertificateAccrual.Result accrued = CertificateAccrual.accrue("B1", List.of(),
                List.of(new CertificateAccrual.Slice(7, 0, new BigDecimal("700")), new CertificateAccrual.Slice(8, 2, new BigDecimal("450.5"))));
        byte[] src = sources(accrued.certificates().getFirst().sources());

        TransactionReceipt issued = asOperator.issue(BigInteger.ONE, alice.getAddress(), participant("B1"), inAYear(), src).send();

        assertThat(GreenCertificates.getCertificateIssuedEvents(issued)).singleElement().satisfies(e -> {
            assertThat(e.holder).isEqualToIgnoringCase(alice.getAddress());
            assertThat(e.sources).isEqualTo(src);
        });
        assertThat(asOperator.balanceOf(alice.getAddress(), BigInteger.ONE).send()).isEqualTo(BigInteger.ONE);

        as(alice).safeTransferFrom(alice.getAddress(), bob.getAddress(), BigInteger.ONE, BigInteger.ONE, new byte[0]).send();
        assertThat(asOperator.balanceOf(bob.getAddress(), BigInteger.ONE).send()).isEqualTo(BigInteger.ONE);

        TransactionReceipt retired = as(bob).retire(BigInteger.ONE, bob.getAddress(), "Bob's bakery", "Scope 2 report 2026", BigInteger.valueOf(1_767_225_600L),
                BigInteger.valueOf(1_769_903_999L)).send();
        assertThat(GreenCertificates.getCertificateRetiredEvents(retired)).singleElement().satisfies(e -> {
            assertThat(e.beneficiary).isEqualTo("Bob's bakery");
            assertThat(e.purpose).isEqualTo("Scope 2 report 2026");
            assertThat(e.periodStart).isEqualTo(BigInteger.valueOf(1_767_225_600L));
        });
        assertThat(asOperator.balanceOf(bob.getAddress(), BigInteger.ONE).send()).isZero();
        assertThat(asOperator.retired(BigInteger.ONE).send()).isTrue();

        // Retired means gone: not again, and the serial cannot be issued anew.
        assertThatThrownBy(() -> as(bob).retire(BigInteger.ONE, bob.getAddress(), "Bob", "again", BigInteger.ZERO, BigInteger.ONE).send())
                .hasMessageContaining("revert");
        assertThatThrownBy(() -> asOperator.issue(BigInteger.ONE, alice.getAddress(), participant("B1"), inAYear(), src).send()).hasMessageContaining("revert");
    }

    @Test
    void sourcesThatDoNotAddUpToOneMegawattHourAreRefused() {
        byte[] src = sources(List.of(new CertificateAccrual.Slice(9, 0, new BigDecimal("999.999999"))));
        assertThatThrownBy(() -> asOperator.issue(BigInteger.TWO, alice.getAddress(), participant("B2"), inAYear(), src).send())
                .hasMessageContaining("revert");
    }

    @Test
    void onlyTheOperatorIssues() {
        byte[] src = sources(List.of(new CertificateAccrual.Slice(9, 0, new BigDecimal("1000"))));
        assertThatThrownBy(() -> as(alice).issue(BigInteger.TEN, alice.getAddress(), participant("B3"), inAYear(), src).send())
                .hasMessageContaining("revert");
    }

    private BigInteger chainNow() throws Exception {
        return web3j.ethGetBlockByNumber(org.web3j.protocol.core.DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp();
    }

    private BigInteger inAYear() throws Exception {
        return chainNow().add(BigInteger.valueOf(365L * 86_400));
    }

    private byte[] oneMwh(long interval) {
        return sources(List.of(new CertificateAccrual.Slice(interval, 0, new BigDecimal("1000"))));
    }

    @Test
    void anApprovedOperatorTransfersAndRetiresForTheHolderAndNoOneElseDoes() throws Exception {
        BigInteger serial = BigInteger.valueOf(20);
        asOperator.issue(serial, alice.getAddress(), participant("B1"), inAYear(), oneMwh(20)).send();
        // Without the holder's approval the operator moves nothing.
        assertThatThrownBy(() -> asOperator.safeTransferFrom(alice.getAddress(), bob.getAddress(), serial, BigInteger.ONE, new byte[0]).send())
                .hasMessageContaining("revert");
        assertThatThrownBy(() -> asOperator.retire(serial, alice.getAddress(), "A", "p", BigInteger.ZERO, BigInteger.ONE).send())
                .hasMessageContaining("revert");
        as(alice).setApprovalForAll(Credentials.create(DevChain.DEV_ACCOUNT_0_KEY).getAddress(), true).send();
        asOperator.safeTransferFrom(alice.getAddress(), bob.getAddress(), serial, BigInteger.ONE, new byte[0]).send();
        assertThat(asOperator.balanceOf(bob.getAddress(), serial).send()).isEqualTo(BigInteger.ONE);
        // Bob has not approved the operator: its certificate stays with it.
        assertThatThrownBy(() -> asOperator.retire(serial, bob.getAddress(), "B", "p", BigInteger.ZERO, BigInteger.ONE).send())
                .hasMessageContaining("revert");
        // A claim needs a beneficiary, a purpose and a period that has happened.
        assertThatThrownBy(() -> as(bob).retire(serial, bob.getAddress(), "", "p", BigInteger.ZERO, BigInteger.ONE).send()).hasMessageContaining("revert");
        assertThatThrownBy(() -> as(bob).retire(serial, bob.getAddress(), "B", "", BigInteger.ZERO, BigInteger.ONE).send()).hasMessageContaining("revert");
        assertThatThrownBy(() -> as(bob).retire(serial, bob.getAddress(), "B", "p", BigInteger.ZERO, inAYear()).send()).hasMessageContaining("revert");
        assertThat(asOperator.balanceOf(bob.getAddress(), serial).send()).isEqualTo(BigInteger.ONE);
    }

    @Test
    void theOperatorRevokesWithAReasonAndARevokedCertificateNeverMovesAgain() throws Exception {
        BigInteger serial = BigInteger.valueOf(30);
        asOperator.issue(serial, alice.getAddress(), participant("B1"), inAYear(), oneMwh(30)).send();
        assertThatThrownBy(() -> as(alice).revoke(serial, alice.getAddress(), "not the operator").send()).hasMessageContaining("revert");
        assertThatThrownBy(() -> asOperator.revoke(serial, alice.getAddress(), "").send()).hasMessageContaining("revert");
        TransactionReceipt r = asOperator.revoke(serial, alice.getAddress(), "meter M-7 read 10 x too high").send();
        assertThat(GreenCertificates.getCertificateRevokedEvents(r)).singleElement().satisfies(e -> assertThat(e.reason).isEqualTo("meter M-7 read 10 x too high"));
        assertThat(asOperator.revoked(serial).send()).isTrue();
        assertThat(asOperator.balanceOf(alice.getAddress(), serial).send()).isZero();
        assertThatThrownBy(() -> as(alice).retire(serial, alice.getAddress(), "A", "p", BigInteger.ZERO, BigInteger.ONE).send()).hasMessageContaining("revert");
        assertThatThrownBy(() -> asOperator.issue(serial, alice.getAddress(), participant("B1"), inAYear(), oneMwh(30)).send()).hasMessageContaining("revert");
    }

    @Test
    void anExpiredCertificateCanBeNeitherTransferredNorRetired() throws Exception {
        BigInteger serial = BigInteger.valueOf(40);
        BigInteger expires = chainNow().add(BigInteger.valueOf(3_600));
        asOperator.issue(serial, alice.getAddress(), participant("B1"), expires, oneMwh(40)).send();
        assertThatThrownBy(() -> asOperator.issue(BigInteger.valueOf(41), alice.getAddress(), participant("B1"), chainNow(), oneMwh(41)).send())
                .as("an expiry that has passed").hasMessageContaining("revert");
        chain.increaseTime(java.time.Duration.ofHours(2));
        assertThat(asOperator.expiresAt(serial).send()).isEqualTo(expires);
        assertThatThrownBy(() -> as(alice).safeTransferFrom(alice.getAddress(), bob.getAddress(), serial, BigInteger.ONE, new byte[0]).send())
                .hasMessageContaining("revert");
        assertThatThrownBy(() -> as(alice).retire(serial, alice.getAddress(), "A", "p", BigInteger.ZERO, BigInteger.ONE).send())
                .hasMessageContaining("revert");
        assertThat(asOperator.balanceOf(alice.getAddress(), serial).send()).isEqualTo(BigInteger.ONE);
    }
}
