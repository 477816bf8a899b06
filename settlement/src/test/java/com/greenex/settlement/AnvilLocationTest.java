package com.greenex.settlement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Anvil is found from the application's jar folder as well as from the working directory. */
class AnvilLocationTest {

    @Test
    void anvilIsFoundFromTheJarsCheckoutWhateverTheWorkingDirectory(@TempDir Path checkout) throws Exception {
        Path anvil = checkout.resolve("settlement/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
        Files.createDirectories(anvil.getParent());
        Files.writeString(anvil, "#!/bin/sh\n");
        Files.setPosixFilePermissions(anvil, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jarFolder = Files.createDirectories(checkout.resolve("portal/target"));

        assertThat(DevChain.locateAnvil(Map.<String, String>of()::get, List.of(jarFolder))).isEqualTo(anvil.toAbsolutePath().normalize());
        assertThat(DevChain.locateAnvil(Map.of("GREENEX_ANVIL", "/opt/anvil")::get, List.of(jarFolder))).isEqualTo(Path.of("/opt/anvil"));
    }

    @Test
    void withoutAnvilTheMessageSaysWhereItLookedAndWhatToDo(@TempDir Path empty) {
        assertThatThrownBy(() -> DevChain.locateAnvil(Map.<String, String>of()::get, List.of(empty.resolve("jar")), empty.resolve("cwd")))
                .hasMessageContaining("anvil not found").hasMessageContaining(empty.resolve("cwd").toString())
                .hasMessageContaining(empty.resolve("jar").toString()).hasMessageContaining("GREENEX_ANVIL");
    }
}
