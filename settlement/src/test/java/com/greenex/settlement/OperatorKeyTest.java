package com.greenex.settlement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.WalletUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OperatorKeyTest {

    @Test
    void aKeystoreFileOpensWithThePasswordFromTheEnvironment(@TempDir Path dir) throws Exception {
        Credentials made = Credentials.create(Keys.createEcKeyPair());
        String file = WalletUtils.generateWalletFile("correct horse", made.getEcKeyPair(), dir.toFile(), false);

        Credentials loaded = OperatorKey.load(dir.resolve(file), "GREENEX_CHAIN_KEY_PASSWORD", false,
                Map.of("GREENEX_CHAIN_KEY_PASSWORD", "correct horse")::get);

        assertThat(loaded.getAddress()).isEqualTo(made.getAddress());
    }

    @Test
    void thePasswordMayComeFromASecretFileInstead(@TempDir Path dir) throws Exception {
        Credentials made = Credentials.create(Keys.createEcKeyPair());
        Path keystore = dir.resolve(WalletUtils.generateWalletFile("correct horse", made.getEcKeyPair(), dir.toFile(), false));
        Path secret = java.nio.file.Files.writeString(dir.resolve("password"), "correct horse\n");

        assertThat(OperatorKey.load(keystore, "PW", secret, false, name -> null).getAddress()).isEqualTo(made.getAddress());
        java.nio.file.Files.writeString(secret, "battery staple\n");
        assertThatThrownBy(() -> OperatorKey.load(keystore, "PW", secret, false, name -> null))
                .hasMessageContaining("wrong password in the password file " + secret);
        assertThatThrownBy(() -> OperatorKey.load(keystore, "PW", dir.resolve("absent"), false, name -> null))
                .hasMessageContaining("password file " + dir.resolve("absent") + " does not exist");
    }

    @Test
    void aWrongOrMissingPasswordSaysWhich(@TempDir Path dir) throws Exception {
        String file = WalletUtils.generateWalletFile("correct horse", Keys.createEcKeyPair(), dir.toFile(), false);
        Path keystore = dir.resolve(file);

        assertThatThrownBy(() -> OperatorKey.load(keystore, "PW", false, Map.of("PW", "battery staple")::get))
                .hasMessageStartingWith("operator keystore " + keystore + ": wrong password in PW");
        assertThatThrownBy(() -> OperatorKey.load(keystore, "PW", false, name -> null))
                .hasMessage("operator keystore " + keystore + ": the environment variable PW with its password is not set");
    }

    @Test
    void withoutAKeystoreOnlyTheDevelopmentChainHasAnAccount(@TempDir Path dir) throws Exception {
        assertThat(OperatorKey.load(null, "PW", true, name -> null).getAddress())
                .isEqualTo(Credentials.create(DevChain.DEV_ACCOUNT_0_KEY).getAddress());
        assertThatThrownBy(() -> OperatorKey.load(null, "PW", false, name -> null))
                .hasMessageStartingWith("no operator key: set greenex.chain.keystore");
        Path notAKeystore = Files.writeString(dir.resolve("key.json"), "{}");
        assertThatThrownBy(() -> OperatorKey.load(notAKeystore, "PW", false, Map.of("PW", "x")::get))
                .hasMessageContaining("is not a keystore file");
    }
}
