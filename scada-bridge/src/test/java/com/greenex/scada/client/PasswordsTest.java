package com.greenex.scada.client;

import com.greenex.scada.mapping.Security;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordsTest {

    private static Security fromEnv(String variable) {
        return new Security("Basic256Sha256", "Sign", "bridge", variable, null, false);
    }

    private static Security fromFile(String name) {
        return new Security("Basic256Sha256", "Sign", "bridge", null, name, false);
    }

    @Test
    void aVariableIsReadFromTheEnvironmentAndAMissingOneNamed() {
        Passwords passwords = new Passwords(Map.of("GREENEX_OPCUA_SS01", "pw1")::get, null);
        assertThat(passwords.of("SS-01", fromEnv("GREENEX_OPCUA_SS01"))).isEqualTo("pw1");
        assertThatThrownBy(() -> passwords.of("SS-02", fromEnv("GREENEX_OPCUA_SS02")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("SS-02: the environment variable GREENEX_OPCUA_SS02 with the password of bridge is not set");
    }

    @Test
    void aSecretFilesFirstLineIsThePassword(@TempDir Path secrets) throws Exception {
        Files.writeString(secrets.resolve("ss01"), "  pw with spaces inside  \nsecond line ignored\n");
        assertThat(new Passwords(name -> null, secrets).of("SS-01", fromFile("ss01"))).isEqualTo("pw with spaces inside");
    }

    @Test
    void anEmptyOrMissingFileOrNoSecretsDirectoryIsNamed(@TempDir Path secrets) throws Exception {
        Files.writeString(secrets.resolve("empty"), "\n");
        Passwords passwords = new Passwords(name -> null, secrets);
        assertThatThrownBy(() -> passwords.of("SS-01", fromFile("empty")))
                .hasMessage("SS-01: the secret file " + secrets.resolve("empty") + " with the password of bridge is empty (its first line is the password)");
        assertThatThrownBy(() -> passwords.of("SS-01", fromFile("absent")))
                .hasMessageStartingWith("SS-01: the secret file " + secrets.resolve("absent") + " with the password of bridge cannot be read");
        assertThatThrownBy(() -> new Passwords(name -> null, null).of("SS-01", fromFile("ss01")))
                .hasMessageContaining("is in the secret file ss01, but no secrets directory is configured (scada-bridge --secrets-dir, portal greenex.scada.secrets-dir)");
    }
}
