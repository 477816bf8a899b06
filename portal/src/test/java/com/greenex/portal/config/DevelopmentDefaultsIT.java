package com.greenex.portal.config;

import com.greenex.portal.testing.TestPortal;
import com.greenex.settlement.DevChain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Outside the demo the portal never simulates a substation nor runs the development chain: it refuses to start, saying what to set. */
class DevelopmentDefaultsIT {

    @Test
    void withoutAChainConfiguredItRefusesToStartAndSaysWhatToSet(@TempDir Path dir) {
        assertThatThrownBy(() -> TestPortal.plain(dir).with(DevelopmentDefaults.PROPERTY, false).start())
                .satisfies(e -> assertThat(rootMessage(e)).startsWith("no chain configured: set greenex.chain.rpc-url")
                        .contains("greenex.chain.keystore").contains("--spring.profiles.active=demo"));
    }

    @Test
    void withARealChainButNoSubstationMappingItRefusesToSimulateOne(@TempDir Path dir) throws Exception {
        try (DevChain node = DevChain.start(DevChain.locateAnvil(System::getenv), dir.resolve("node.json"), 0)) {
            // The operator's key in a keystore, its password in a secret file: a chain as production configures it.
            Path keys = Files.createDirectories(dir.resolve("keys"));
            Path keystore = keys.resolve(WalletUtils.generateWalletFile("operator secret", Credentials.create(DevChain.DEV_ACCOUNT_0_KEY).getEcKeyPair(),
                    keys.toFile(), false));
            Path secret = Files.writeString(dir.resolve("chain-password"), "operator secret\n");

            assertThatThrownBy(() -> TestPortal.plain(dir).with(DevelopmentDefaults.PROPERTY, false).with("greenex.chain.rpc-url", node.rpcUrl())
                    .with("greenex.chain.keystore", keystore).with("greenex.chain.password-file", secret).with("greenex.scada.enabled", true).start())
                    .satisfies(e -> assertThat(rootMessage(e)).startsWith("no substation configured: set greenex.scada.mapping"));

            // With the bridge off it starts: the chain and key are real.
            try (TestPortal app = TestPortal.plain(dir).with(DevelopmentDefaults.PROPERTY, false).with("greenex.chain.rpc-url", node.rpcUrl())
                    .with("greenex.chain.keystore", keystore).with("greenex.chain.password-file", secret).start()) {
                assertThat(app.context().getBeansOfType(DevChain.class)).isEmpty();
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }
}
