package com.greenex.portal.trades;

import com.greenex.settlement.DevChain;
import com.greenex.settlement.OperatorKey;
import com.greenex.settlement.SettlementWorker;
import com.greenex.settlement.Transactions;
import com.greenex.settlement.contracts.GreenCertificates;
import com.greenex.settlement.contracts.GreenexSettlement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

import com.greenex.settlement.SettlementVerifier;
import javax.sql.DataSource;
import java.util.List;
import java.util.Optional;

/** The chain: the development chain or a configured node, the operator key, the contracts, the settlement worker. */
@Configuration(proxyBeanMethods = false)
public class ChainConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ChainConfiguration.class);

    /** The development chain, only when no RPC URL is configured; stopped (its state saved) on shutdown. */
    @Bean(destroyMethod = "close")
    @Conditional(NoRpcUrl.class)
    DevChain devChain(ChainProperties chain, org.springframework.core.env.Environment environment) throws Exception {
        com.greenex.portal.config.DevelopmentDefaults.requireForDevelopmentChain(environment);
        // Found from the working directory or from the jar's folder: java -jar works from anywhere.
        java.io.File home = new org.springframework.boot.system.ApplicationHome(ChainConfiguration.class).getDir();
        DevChain dev = DevChain.start(DevChain.locateAnvil(System::getenv, home == null ? List.of() : List.of(home.toPath())), chain.stateFile(), 0);
        log.info("Development chain (anvil) at {}, state in {}", dev.rpcUrl(), chain.stateFile().toAbsolutePath());
        return dev;
    }

    @Bean(destroyMethod = "shutdown")
    Web3j web3j(ChainProperties chain, ObjectProvider<DevChain> devChain) {
        DevChain dev = devChain.getIfAvailable();
        return Web3j.build(new HttpService(dev != null ? dev.rpcUrl() : chain.rpcUrl()));
    }

    /** True when greenex.chain.rpc-url is absent or blank. */
    static final class NoRpcUrl implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String url = context.getEnvironment().getProperty("greenex.chain.rpc-url");
            return url == null || url.isBlank();
        }
    }

    @Bean
    TransactionManager operatorTransactions(ChainProperties chain, Web3j web3j) throws Exception {
        Credentials operator = OperatorKey.load(chain.keystore(), chain.passwordEnv(), chain.passwordFile(), chain.devChain(), System::getenv);
        return Transactions.manager(web3j, operator, java.time.Duration.ofMillis(200));
    }

    @Bean
    Contracts contracts(Web3j web3j, TransactionManager tm, JdbcClient jdbc, ObjectProvider<DevChain> devChain, CertificateProperties certificates,
                        org.springframework.core.env.Environment environment) throws Exception {
        if (!certificates.realSize() && !com.greenex.portal.config.DevelopmentDefaults.allowed(environment)) {
            throw new IllegalStateException("greenex.certificates.kwh-per-certificate is " + certificates.kwhPerCertificate().toPlainString()
                    + ": a green certificate is 1,000 kWh; another size is only for the demo (" + com.greenex.portal.config.DevelopmentDefaults.PROPERTY + "=true)");
        }
        Contracts c = Contracts.findOrDeploy(web3j, tm, jdbc, certificates.microKwh());
        DevChain dev = devChain.getIfAvailable();
        if (dev != null) {
            dev.persist(); // the contracts the database now names survive a kill of the development chain
        }
        return c;
    }

    /** Settles on chain; on the development chain its state is written before a batch counts as confirmed. */
    @Bean
    SettlementWorker settlementWorker(DataSource dataSource, Web3j web3j, Contracts contracts, TransactionManager tm, ChainProperties chain,
                                      ObjectProvider<DevChain> devChain) {
        DevChain dev = devChain.getIfAvailable();
        return new SettlementWorker(dataSource, web3j, contracts.settlement(), tm, chain.confirmations(),
                dev != null ? dev : com.greenex.settlement.ChainDurability.NONE);
    }

    @Bean
    SettlementVerifier settlementVerifier(DataSource dataSource, Web3j web3j, Contracts contracts) {
        return new SettlementVerifier(dataSource, web3j, contracts.settlement());
    }

    /** The application's two contracts on this chain. */
    public record Contracts(long chainId, GreenexSettlement settlement, GreenCertificates certificates) {

        /** The versions of the contracts this portal speaks (their VERSION constants). */
        static final java.math.BigInteger CERTIFICATES_VERSION = java.math.BigInteger.TWO;
        static final java.math.BigInteger SETTLEMENT_VERSION = java.math.BigInteger.TWO;

        @FunctionalInterface
        private interface Call<T> {
            T send() throws Exception;
        }

        /** Refuses, naming it, a deployed contract whose interface is not the one this portal speaks. */
        private static void requireVersion(String name, String address, long chainId, Call<java.math.BigInteger> version, java.math.BigInteger needed,
                                           String why) {
            java.math.BigInteger deployed;
            try {
                deployed = version.send();
            } catch (Exception e) {
                throw new IllegalStateException("the " + name + " contract at " + address + " (chain " + chainId + ") has no VERSION: it is version 1, "
                        + "this portal needs " + needed + " (" + why + "). Deploy the new contract and move its state, or on the development "
                        + "chain start from a new state file", e);
            }
            if (!deployed.equals(needed)) {
                throw new IllegalStateException("the " + name + " contract at " + address + " (chain " + chainId + ") is version " + deployed
                        + ", this portal needs " + needed);
            }
        }

        static Contracts findOrDeploy(Web3j web3j, TransactionManager tm, JdbcClient jdbc, java.math.BigInteger microKwhPerCertificate) throws Exception {
            long chainId = web3j.ethChainId().send().getChainId().longValue();
            DefaultGasProvider gas = new DefaultGasProvider();
            String operator = tm.getFromAddress();
            String settlementAddress = address(jdbc, web3j, chainId, "GreenexSettlement");
            if (settlementAddress == null) {
                settlementAddress = GreenexSettlement.deploy(web3j, tm, gas, operator).send().getContractAddress();
                remember(jdbc, chainId, "GreenexSettlement", settlementAddress);
            }
            String certificatesAddress = address(jdbc, web3j, chainId, "GreenCertificates");
            if (certificatesAddress == null) {
                certificatesAddress = GreenCertificates.deploy(web3j, tm, gas, operator, microKwhPerCertificate).send().getContractAddress();
                remember(jdbc, chainId, "GreenCertificates", certificatesAddress);
            }
            GreenexSettlement settlement = GreenexSettlement.load(settlementAddress, web3j, tm, gas);
            requireVersion("GreenexSettlement", settlementAddress, chainId, () -> settlement.VERSION().send(), SETTLEMENT_VERSION,
                    "its calldata names participants by index");
            GreenCertificates certificates = GreenCertificates.load(certificatesAddress, web3j, tm, gas);
            requireVersion("GreenCertificates", certificatesAddress, chainId, () -> certificates.VERSION().send(), CERTIFICATES_VERSION,
                    "its certificates expire, are claimed and revoked");
            java.math.BigInteger size = certificates.microKwhPerCertificate().send();
            if (!size.equals(microKwhPerCertificate)) {
                throw new IllegalStateException("the GreenCertificates contract at " + certificatesAddress + " makes certificates of "
                        + new java.math.BigDecimal(size).movePointLeft(6).toPlainString() + " kWh, greenex.certificates.kwh-per-certificate says "
                        + new java.math.BigDecimal(microKwhPerCertificate).movePointLeft(6).toPlainString() + " kWh: a contract's size never changes");
            }
            return new Contracts(chainId, settlement, certificates);
        }

        /** The stored address, if the chain still has code there (a fresh development chain does not). */
        private static String address(JdbcClient jdbc, Web3j web3j, long chainId, String name) throws Exception {
            Optional<String> stored = jdbc.sql("SELECT address FROM chain_contracts WHERE chain_id = ? AND name = ?")
                    .params(chainId, name).query(String.class).optional();
            if (stored.isEmpty()) {
                return null;
            }
            String code = web3j.ethGetCode(stored.get(), org.web3j.protocol.core.DefaultBlockParameterName.LATEST).send().getCode();
            return code == null || code.equals("0x") ? null : stored.get();
        }

        private static void remember(JdbcClient jdbc, long chainId, String name, String address) {
            jdbc.sql("INSERT INTO chain_contracts (chain_id, name, address) VALUES (?, ?, ?) "
                            + "ON CONFLICT (chain_id, name) DO UPDATE SET address = EXCLUDED.address, deployed_at = now()")
                    .params(chainId, name, address).update();
        }
    }
}
