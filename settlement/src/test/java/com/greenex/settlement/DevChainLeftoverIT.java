package com.greenex.settlement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** After a run was killed, its anvil still serves the chain's state: the next start ends it first, so two never run on one chain. */
class DevChainLeftoverIT {

    @Test
    void theNextStartEndsTheAnvilAKilledRunLeftOnTheSameState(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("chain.json");
        DevChain leftover = DevChain.start(SettlementContractIT.ANVIL, state, 0); // as if its JVM had been killed: never closed
        int leftoverPort = leftover.port();
        assertThat(listening(leftoverPort)).isTrue();
        try (DevChain next = DevChain.start(SettlementContractIT.ANVIL, state, 0)) {
            assertThat(listening(leftoverPort)).as("the leftover anvil on port " + leftoverPort + " was ended").isFalse();
            assertThat(listening(next.port())).isTrue();
        } finally {
            leftover.close();
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 300);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
