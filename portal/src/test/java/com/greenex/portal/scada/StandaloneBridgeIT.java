package com.greenex.portal.scada;

import com.greenex.portal.testing.TestPortal;
import com.greenex.scada.cli.BridgeCommand;
import com.greenex.scada.sim.SimulatedSubstation;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.util.concurrent.CompletableFuture;

import static com.greenex.portal.testing.TestPortal.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scada-bridge process beside the portal (near its substation) writes into the same database: the
 * portal clears the zone it feeds, shows the bridge with its substation from its heartbeat, and a
 * second bridge for the same substation stands by rather than bridging it twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StandaloneBridgeIT {

    @TempDir
    static Path dir;
    private TestPortal portal;
    private SimulatedSubstation ss21;
    private final StringWriter firstErr = new StringWriter();
    private final StringWriter secondErr = new StringWriter();
    private final BridgeCommand firstBridge = new BridgeCommand();
    private CompletableFuture<Integer> first;
    private CompletableFuture<Integer> second;

    @BeforeAll
    void start() throws Exception {
        portal = TestPortal.demo(dir).interval(Duration.ofSeconds(5)).prosumers(6).start();
        int port = TestPortal.freeLoopbackPort();
        ss21 = new SimulatedSubstation("SS-21", 6, port, Duration.ofSeconds(1), Clock.systemUTC()).idPrefix("SS-21-").timeScale(90)
                .startAt(LocalTime.of(10, 0));
        ss21.start();
        LiveSubstationIT.registerAdmitted(portal.jdbc(), ss21);
    }

    @AfterAll
    void stop() throws Exception {
        firstBridge.stop();
        if (first != null) {
            assertThat(first.get()).as(firstErr.toString()).isZero();
            assertThat(firstErr.toString()).contains("dropped 0");
        }
        portal.close();
        ss21.close();
    }

    /** Runs scada-bridge.jar's command in this JVM, as the application's database role (least privilege), for {@code seconds}. */
    private CompletableFuture<Integer> bridge(BridgeCommand command, Path mapping, StringWriter err, int seconds) throws Exception {
        HikariDataSource ds = (HikariDataSource) portal.bean(DataSource.class);
        Path secret = dir.resolve("db-password");
        Files.writeString(secret, ds.getPassword() + "\n");
        String[] args = {"--mapping", mapping.toString(), "--db-url", ds.getJdbcUrl(), "--db-user", ds.getUsername(), "--db-password-file", secret.toString(),
                "--duration-s", Integer.toString(seconds), "--heartbeat-s", "1"};
        // A thread of its own: the common pool has one thread on two cores, and the first bridge holds it for as long as it runs.
        CompletableFuture<Integer> done = new CompletableFuture<>();
        Thread.ofPlatform().name("scada-bridge-" + seconds).daemon(true)
                .start(() -> done.complete(new CommandLine(command).setErr(new PrintWriter(err, true)).execute(args)));
        return done;
    }

    @Test
    void theZoneABridgeBesideThePortalFeedsIsClearedAndTheBridgeIsShownAndNeverDoubled() throws Exception {
        Path mapping = dir.resolve("SS-21.yaml");
        Files.writeString(mapping, ss21.mappingYaml());
        first = bridge(firstBridge, mapping, firstErr, 300);
        await("the bridge beside the portal connected", Duration.ofSeconds(30), () -> firstErr.toString().contains("points of SS-21"));

        second = bridge(new BridgeCommand(), mapping, secondErr, 3);
        assertThat(second.get()).isZero();
        assertThat(secondErr.toString()).contains("substation SS-21 is bridged by another instance: standing by").doesNotContain("points of SS-21");

        await("zone SS-21 cleared an interval with trades", Duration.ofSeconds(60), () -> portal.jdbc().sql("""
                SELECT count(*) FROM trading_intervals i WHERE i.zone_id = 'SS-21' AND i.status NOT IN ('OPEN', 'GATE_CLOSED', 'FAILED', 'MISSED')
                   AND EXISTS (SELECT 1 FROM trades t WHERE t.interval_id = i.id)""").query(Long.class).single() > 0);

        JsonMapper json = JsonMapper.builder().build();
        JsonNode bridges = json.readTree(portal.get("/api/substations/bridges", "integrator").body());
        JsonNode standalone = null;
        JsonNode inside = null;
        for (JsonNode b : bridges) {
            if (b.get("kind").asString().equals("STANDALONE") && b.get("state").asString().equals("UP")) {
                standalone = b;
            }
            if (b.get("kind").asString().equals("PORTAL")) {
                inside = b;
            }
        }
        assertThat(standalone).as(bridges.toString()).isNotNull();
        assertThat(standalone.get("substations").get(0).get("substation").asString()).isEqualTo("SS-21");
        assertThat(standalone.get("substations").get(0).get("connected").asBoolean()).isTrue();
        assertThat(standalone.get("substations").get(0).get("written").asLong()).isPositive();
        assertThat(inside).as(bridges.toString()).isNotNull();
        assertThat(inside.get("substations").findValuesAsString("substation")).containsExactly("SS-01");
    }
}
