package com.greenex.portal.trades;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;

/**
 * {@code greenex.chain.*}. Without an RPC URL the portal starts the development chain (anvil) on a
 * free loopback port, its state in {@code state-file}, and settles with anvil's development account;
 * with one it uses that node (Hyperledger Besu with QBFT for a consortium, or any EVM JSON-RPC node)
 * and the operator key from {@code keystore}, whose password is in the environment variable
 * {@code password-env} (or in the first line of {@code password-file}, a container's secret).
 *
 * @param confirmations  blocks on top of a settlement before it counts as CONFIRMED
 * @param reconcileEvery how often every confirmed batch is checked against the chain (also at start
 *                       and whenever the development chain was restarted)
 */
@ConfigurationProperties("greenex.chain")
public record ChainProperties(String rpcUrl, Path keystore, @DefaultValue("GREENEX_CHAIN_KEY_PASSWORD") String passwordEnv,
                              Path passwordFile,
                              @DefaultValue("data/chain/anvil-state.json") Path stateFile, @DefaultValue("1") int confirmations,
                              @DefaultValue("PT5M") java.time.Duration reconcileEvery) {

    public ChainProperties {
        if (confirmations < 1) {
            throw new IllegalArgumentException("greenex.chain.confirmations must be at least 1, got " + confirmations);
        }
        if (reconcileEvery.isNegative() || reconcileEvery.isZero()) {
            throw new IllegalArgumentException("greenex.chain.reconcile-every must be positive, got " + reconcileEvery);
        }
    }

    public boolean devChain() {
        return rpcUrl == null || rpcUrl.isBlank();
    }
}
