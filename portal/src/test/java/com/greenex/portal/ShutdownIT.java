package com.greenex.portal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built jar as an operator runs it and stops it (Ctrl-C, systemd, docker stop: SIGTERM): it ends
 * within 30 s, the bridge drains its buffer to the database first (nothing dropped), and neither
 * PostgreSQL nor anvil is left running.
 */
class ShutdownIT {

    @Test
    void sigtermEndsTheJarWithin30SecondsInTheRightOrderAndLeavesNothingRunning(@TempDir Path dir) throws Exception {
        Path jar = Path.of("target/greenex-portal.jar").toAbsolutePath();
        assertThat(jar).as("built by the package phase").exists();
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        int port;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path log = dir.resolve("app.log");
        Process app = new ProcessBuilder(List.of(javaBin, "-jar", jar.toString(), "--spring.profiles.active=demo", "--server.port=" + port,
                "--greenex.db.embedded.data-dir=" + dir.resolve("pg"), "--greenex.chain.state-file=" + dir.resolve("chain.json"),
                "--greenex.scada.simulated-prosumers=20"))
                .directory(dir.toFile()) // not the repository: the jar finds anvil from its own place
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        app.getOutputStream().close();
        try {
            // Up, and through a few intervals of the demo.
            HttpClient http = HttpClient.newHttpClient();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
            while (true) {
                assertThat(app.isAlive()).as("the jar runs: %s", tail(log)).isTrue();
                try {
                    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (health.statusCode() == 200 && Files.readString(log).contains("settlement: sent")) {
                        break;
                    }
                } catch (java.io.IOException notYet) {
                    // not listening yet
                }
                assertThat(Instant.now()).as("started and settled within 120 s: %s", tail(log)).isBefore(deadline);
                Thread.sleep(500);
            }
            List<ProcessHandle> children = app.descendants().filter(ProcessHandle::isAlive).toList();
            assertThat(children).as("PostgreSQL and anvil run beside it").isNotEmpty();

            Instant sent = Instant.now();
            app.destroy(); // SIGTERM
            assertThat(app.waitFor(30, TimeUnit.SECONDS)).as("ended within 30 s: %s", tail(log)).isTrue();
            System.out.printf("SIGTERM to exit: %d ms, exit status %d%n", Duration.between(sent, Instant.now()).toMillis(), app.exitValue());

            String out = Files.readString(log);
            Matcher m = Pattern.compile("SCADA bridge SS-01 stopped: (\\d+) readings received, (\\d+) written, (\\d+) dropped").matcher(out);
            assertThat(m.find()).as("the bridge drained before the database stopped: %s", tail(log)).isTrue();
            assertThat(m.group(3)).as("dropped").isEqualTo("0");
            // Written in full means the database was still there when the bridge stopped: the right order.
            assertThat(Long.parseLong(m.group(2))).as("every reading received is written").isEqualTo(Long.parseLong(m.group(1)));
            for (ProcessHandle child : children) {
                assertThat(child.onExit().get(10, TimeUnit.SECONDS).isAlive()).as("child %s", child.info().command().orElse("?")).isFalse();
            }
            assertThat(out).doesNotContain("Exception in thread");
        } finally {
            app.destroyForcibly();
            app.descendants().forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log);
            return s.substring(Math.max(0, s.length() - 12000));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
