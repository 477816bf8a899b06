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

/** Green certificates on a real anvil on 127.0.0.1: issued with their sources, transferred, retired. */
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
        asOperator = GreenCertificates.deploy(web3j, fast(operator), new DefaultGasProvider(), operator.getAddress()).send();
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

        TransactionReceipt issued = asOperator.issue(BigInteger.ONE, alice.getAddress(), participant("B1"), src).send();

        assertThat(GreenCertificates.getCertificateIssuedEvents(issued)).singleElement().satisfies(e -> {
            assertThat(e.holder).isEqualToIgnoringCase(alice.getAddress());
            assertThat(e.sources).isEqualTo(src);
        });
        assertThat(asOperator.balanceOf(alice.getAddress(), BigInteger.ONE).send()).isEqualTo(BigInteger.ONE);

        as(alice).safeTransferFrom(alice.getAddress(), bob.getAddress(), BigInteger.ONE, BigInteger.ONE, new byte[0]).send();
        assertThat(asOperator.balanceOf(bob.getAddress(), BigInteger.ONE).send()).isEqualTo(BigInteger.ONE);

        TransactionReceipt retired = as(bob).retire(BigInteger.ONE, "Scope 2 report 2026, Greenex demo").send();
        assertThat(GreenCertificates.getCertificateRetiredEvents(retired)).singleElement()
                .satisfies(e -> assertThat(e.claim).isEqualTo("Scope 2 report 2026, Greenex demo"));
        assertThat(asOperator.balanceOf(bob.getAddress(), BigInteger.ONE).send()).isZero();
        assertThat(asOperator.retired(BigInteger.ONE).send()).isTrue();

        // Retired means gone: not again, and the serial cannot be issued anew.
        assertThatThrownBy(() -> as(bob).retire(BigInteger.ONE, "again").send()).hasMessageContaining("revert");
        assertThatThrownBy(() -> asOperator.issue(BigInteger.ONE, alice.getAddress(), participant("B1"), src).send()).hasMessageContaining("revert");
    }

    @Test
    void sourcesThatDoNotAddUpToOneMegawattHourAreRefused() {
        byte[] src = sources(List.of(new CertificateAccrual.Slice(9, 0, new BigDecimal("999.999999"))));
        assertThatThrownBy(() -> asOperator.issue(BigInteger.TWO, alice.getAddress(), participant("B2"), src).send())
                .hasMessageContaining("revert");
    }

    @Test
    void onlyTheOperatorIssues() {
        byte[] src = sources(List.of(new CertificateAccrual.Slice(9, 0, new BigDecimal("1000"))));
        assertThatThrownBy(() -> as(alice).issue(BigInteger.TEN, alice.getAddress(), participant("B3"), src).send())
                .hasMessageContaining("revert");
    }
}
