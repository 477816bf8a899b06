package com.greenex.settlement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A server a killed run left behind is ended by the next start; anything else with that pid is left alone. */
class LeftoverProcessTest {

    @Test
    void aLeftoverServerNamedInItsPidFileIsEnded(@TempDir Path dir) throws Exception {
        Process leftover = new ProcessBuilder("sleep", "600").start();
        Path pidFile = dir.resolve("server.pid");
        Files.writeString(pidFile, leftover.pid() + "\n/some/data\n");

        assertThat(LeftoverProcess.end(pidFile, "sleep", 10)).contains(leftover.pid());
        assertThat(leftover.isAlive()).isFalse();
    }

    @Test
    void aPidOfAnotherProgramOrOfNoProcessIsLeftAlone(@TempDir Path dir) throws Exception {
        Process other = new ProcessBuilder("sleep", "600").start();
        try {
            Path pidFile = dir.resolve("postmaster.pid");
            Files.writeString(pidFile, other.pid() + "\n");
            assertThat(LeftoverProcess.end(pidFile, "postgres", 10)).isEmpty();
            assertThat(other.isAlive()).as("a reused pid of another program is not ended").isTrue();
            Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
            assertThat(LeftoverProcess.end(pidFile, "java", 10)).as("never this process").isEmpty();
            assertThat(LeftoverProcess.end(dir.resolve("absent.pid"), "sleep", 10)).isEmpty();
        } finally {
            other.destroyForcibly();
        }
    }
}
