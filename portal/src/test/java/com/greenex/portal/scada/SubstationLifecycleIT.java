package com.greenex.portal.scada;

import com.greenex.portal.testing.TestPortal;
import com.greenex.scada.sim.SimulatedSubstation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.util.stream.Collectors;

import static com.greenex.portal.testing.TestPortal.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A substation's life after it was connected: its mapping updated (a prosumer's points dropped and
 * retired, nothing changed by a bad update), paused with a reason (its zone's intervals MISSED with it,
 * the other zone trading on), resumed, bridged again from its stored mapping when the portal restarts,
 * and removed; every step audited, refused steps named.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubstationLifecycleIT {

    @TempDir
    static Path dir;
    private TestPortal portal;
    private SimulatedSubstation ss11;
    private final JsonMapper json = JsonMapper.builder().build();

    private TestPortal startPortal() {
        return TestPortal.demo(dir).interval(Duration.ofSeconds(5)).prosumers(6).start();
    }

    @BeforeAll
    void start() throws Exception {
        portal = startPortal();
        ss11 = new SimulatedSubstation("SS-11", 6, TestPortal.freeLoopbackPort(), Duration.ofSeconds(1), Clock.systemUTC()).idPrefix("SS-11-")
                .timeScale(90).startAt(LocalTime.of(10, 0));
        ss11.start();
        LiveSubstationIT.registerAdmitted(portal.jdbc(), ss11);
    }

    @AfterAll
    void stop() throws Exception {
        portal.close();
        ss11.close();
    }

    private HttpResponse<String> send(String method, String path, String body, String contentType, String user) throws Exception {
        return portal.send(HttpRequest.newBuilder(URI.create(portal.baseUrl + path)).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body)), user);
    }

    private HttpResponse<String> reason(String method, String path, String reason) throws Exception {
        return send(method, path, reason == null ? "{}" : json.writeValueAsString(java.util.Map.of("reason", reason)), "application/json", "integrator");
    }

    private long activePoints(String substation) {
        return portal.jdbc().sql("SELECT count(*) FROM points WHERE substation_id = ? AND retired_at IS NULL").param(substation).query(Long.class).single();
    }

    private long audited(String action) {
        return portal.jdbc().sql("SELECT count(*) FROM audit_log WHERE action = ? AND subject = 'substation:SS-11' AND actor = 'integrator'")
                .param(action).query(Long.class).single();
    }

    /** Intervals of the zone starting after {@code since} that were cleared (a schedule made; trades when there were buyers and sellers). */
    private long clearedSince(String zone, java.time.Instant since) {
        return portal.jdbc().sql("""
                        SELECT count(*) FROM trading_intervals i WHERE i.zone_id = ? AND i.starts_at > ?
                           AND i.status NOT IN ('OPEN', 'GATE_CLOSED', 'FAILED', 'MISSED')""")
                .params(zone, java.sql.Timestamp.from(since)).query(Long.class).single();
    }

    private JsonNode substation(String id) throws Exception {
        HttpResponse<String> r = portal.get("/api/substations/" + id, "integrator");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    @Test
    void aSubstationIsUpdatedPausedResumedBridgedAgainAfterARestartAndRemoved() throws Exception {
        String yaml = ss11.mappingYaml();
        HttpResponse<String> connected = send("POST", "/api/substations", yaml, "application/yaml", "integrator");
        assertThat(connected.statusCode()).as(connected.body()).isEqualTo(201);
        long all = activePoints("SS-11");
        java.time.Instant connectedAt = java.time.Instant.now();
        await("zone SS-11 clears", Duration.ofSeconds(60), () -> clearedSince("SS-11", connectedAt) > 0);

        // Update: prosumer 6 leaves the mapping; its points are retired, their readings kept.
        String without6 = yaml.lines().filter(l -> !l.contains("SS-11-P-006")).collect(Collectors.joining("\n", "", "\n"));
        long dropped = yaml.lines().filter(l -> l.contains("SS-11-P-006")).count();
        assertThat(dropped).isPositive();
        // A bad update (a node the endpoint does not serve) changes nothing: same points, same stored mapping, still bridged.
        HttpResponse<String> bad = send("PUT", "/api/substations/SS-11", without6.replace("SS-11/M-002/PV", "SS-11/M-002/Nope"), "application/yaml", "integrator");
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
        assertThat(json.readTree(bad.body()).get("detail").asString()).contains("SS-11-P-002", "Nope", "nothing was registered");
        assertThat(activePoints("SS-11")).isEqualTo(all);
        assertThat(substation("SS-11").get("bridge").get("connected").asBoolean()).isTrue();
        HttpResponse<String> otherId = send("PUT", "/api/substations/SS-01", without6, "application/yaml", "integrator");
        assertThat(otherId.statusCode()).as(otherId.body()).isEqualTo(400);
        assertThat(json.readTree(otherId.body()).get("detail").asString()).isEqualTo("substation: the mapping is for SS-11, not SS-01");
        HttpResponse<String> updated = send("PUT", "/api/substations/SS-11", without6, "application/yaml", "integrator");
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(activePoints("SS-11")).isEqualTo(all - dropped);
        assertThat(portal.jdbc().sql("SELECT count(*) FROM points WHERE substation_id = 'SS-11' AND participant_id = 'SS-11-P-006' AND retired_at IS NOT NULL")
                .query(Long.class).single()).isEqualTo(dropped);
        assertThat(audited("SUBSTATION_UPDATED")).isEqualTo(1);
        assertThat(json.readTree(updated.body()).get("status").get("connected").asBoolean()).isTrue();

        // Pause: a reason is required; then the zone's intervals are MISSED with it, and SS-01 trades on.
        HttpResponse<String> noReason = reason("POST", "/api/substations/SS-11/pause", " ");
        assertThat(noReason.statusCode()).as(noReason.body()).isEqualTo(400);
        assertThat(json.readTree(noReason.body()).get("detail").asString()).startsWith("reason: say why");
        assertThat(reason("POST", "/api/substations/SS-11/pause", "x").statusCode()).isEqualTo(200);
        assertThat(reason("POST", "/api/substations/SS-11/pause", "again").statusCode()).as("paused already").isEqualTo(409);
        assertThat(reason("POST", "/api/substations/SS-99/pause", "x").statusCode()).isEqualTo(404);
        assertThat(send("POST", "/api/substations/SS-11/resume", "", "application/json", "prosumer1").statusCode()).isEqualTo(403);
        JsonNode paused = substation("SS-11");
        assertThat(paused.get("state").asString()).isEqualTo("PAUSED");
        assertThat(paused.get("stateReason").asString()).isEqualTo("x");
        assertThat(paused.get("bridge").isNull()).as("no longer bridged").isTrue();
        assertThat(audited("SUBSTATION_PAUSED")).isEqualTo(1);
        java.time.Instant pausedAt = java.time.Instant.now();
        await("an SS-11 interval MISSED because it is paused", Duration.ofSeconds(30), () -> portal.jdbc().sql("""
                SELECT count(*) FROM trading_intervals WHERE zone_id = 'SS-11' AND status = 'MISSED' AND failure_reason LIKE 'zone SS-11 has no active substation%(SS-11 PAUSED by integrator at %: x)'""")
                .query(Long.class).single() > 0);
        await("SS-01 clears on", Duration.ofSeconds(30), () -> clearedSince("SS-01", pausedAt) > 0);
        assertThat(clearedSince("SS-11", pausedAt.plusSeconds(5))).as("nothing cleared for a paused zone").isZero();

        // Resume: bridged again and trading.
        HttpResponse<String> resumed = send("POST", "/api/substations/SS-11/resume", "", "application/json", "integrator");
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        assertThat(json.readTree(resumed.body()).get("state").asString()).isEqualTo("ACTIVE");
        assertThat(send("POST", "/api/substations/SS-11/resume", "", "application/json", "integrator").statusCode()).isEqualTo(409);
        java.time.Instant resumedAt = java.time.Instant.now();
        await("SS-11 clears again", Duration.ofSeconds(60), () -> clearedSince("SS-11", resumedAt) > 0);

        // A restart: the uploaded (updated) mapping is bridged again from the database.
        portal.close();
        portal = startPortal();
        JsonNode afterRestart = substation("SS-11");
        assertThat(afterRestart.get("bridge").get("substation").asString()).isEqualTo("SS-11");
        assertThat(afterRestart.get("points").asLong()).isEqualTo(all - dropped);
        java.time.Instant restartedAt = java.time.Instant.now();
        await("SS-11 clears after the restart", Duration.ofSeconds(60), () -> clearedSince("SS-11", restartedAt) > 0);

        // Remove: points retired, not bridged, not cleared; connecting it again is a new connection.
        assertThat(reason("DELETE", "/api/substations/SS-11", null).statusCode()).isEqualTo(400);
        HttpResponse<String> removed = reason("DELETE", "/api/substations/SS-11", "decommissioned");
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
        assertThat(json.readTree(removed.body()).get("state").asString()).isEqualTo("REMOVED");
        assertThat(activePoints("SS-11")).isZero();
        assertThat(audited("SUBSTATION_REMOVED")).isEqualTo(1);
        assertThat(send("PUT", "/api/substations/SS-11", without6, "application/yaml", "integrator").statusCode()).as("update a removed one").isEqualTo(409);
        assertThat(portal.bean(ScadaBridge.class).bridges("SS-11")).isFalse();
        HttpResponse<String> again = send("POST", "/api/substations", yaml, "application/yaml", "integrator");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        assertThat(substation("SS-11").get("state").asString()).isEqualTo("ACTIVE");
        assertThat(activePoints("SS-11")).isEqualTo(all);
    }
}
