package com.greenex.portal.scada;

import com.greenex.portal.testing.TestPortal;
import com.greenex.scada.sim.SimulatedSubstation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;

import static com.greenex.portal.testing.TestPortal.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A utility connects a substation while the market runs: its mapping posted by the integrator, checked
 * point by point on the live endpoint, registered whole, bridged at once; its zone trades within a few
 * intervals. Bad mappings are named per point, an endpoint that is down by its address, and nothing is
 * registered half-way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveSubstationIT {

    @TempDir
    static Path dir;
    private TestPortal portal;
    private JdbcClient jdbc;
    private SimulatedSubstation ss09;
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    void start() throws Exception {
        portal = TestPortal.demo(dir).interval(Duration.ofSeconds(5)).prosumers(8).start();
        jdbc = portal.jdbc();
        int port = TestPortal.freeLoopbackPort();
        ss09 = new SimulatedSubstation("SS-09", 8, port, Duration.ofSeconds(1), Clock.systemUTC()).idPrefix("SS-09-").timeScale(90)
                .startAt(LocalTime.of(10, 0));
        ss09.start();
        registerAdmitted(jdbc, ss09);
    }

    /** Its prosumers went through market entry before: admitted, with their meters and batteries at the substation. */
    static void registerAdmitted(JdbcClient jdbc, SimulatedSubstation sim) {
        jdbc.sql("INSERT INTO substations (id, name) VALUES (?, ?)").params(sim.substation(), "Substation " + sim.substation()).update();
        for (int i = 1; i <= sim.prosumers(); i++) {
            jdbc.sql("INSERT INTO participants (id, name, kind, capacity_kw, voltage_level, trading_client_installed, status) "
                    + "VALUES (?, ?, 'PROSUMER', 10, '0.4kV', true, 'ADMITTED')").params(sim.participantId(i), "Prosumer " + sim.participantId(i)).update();
            jdbc.sql("INSERT INTO meters (id, participant_id, substation_id, smart) VALUES (?, ?, ?, true)")
                    .params(sim.meterId(i), sim.participantId(i), sim.substation()).update();
            SimulatedSubstation.BatteryLimits limits = sim.batteryLimits(i);
            jdbc.sql("INSERT INTO batteries (id, participant_id, capacity_kwh, soc_min_percent, soc_max_percent, max_charge_kw, max_discharge_kw, "
                            + "round_trip_efficiency) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(sim.batteryId(i), sim.participantId(i), BigDecimal.valueOf(sim.batteryKwh(i)).setScale(3, RoundingMode.HALF_UP),
                            BigDecimal.valueOf(limits.socMinPercent()), BigDecimal.valueOf(limits.socMaxPercent()),
                            BigDecimal.valueOf(limits.maxChargeKw()).setScale(3, RoundingMode.HALF_UP),
                            BigDecimal.valueOf(limits.maxDischargeKw()).setScale(3, RoundingMode.HALF_UP),
                            BigDecimal.valueOf(limits.efficiency()).setScale(3, RoundingMode.HALF_UP)).update();
        }
    }

    @AfterAll
    void stop() throws Exception {
        portal.close();
        ss09.close();
    }

    private HttpResponse<String> post(String yaml, String user) throws Exception {
        return portal.send(HttpRequest.newBuilder(URI.create(portal.baseUrl + "/api/substations")).header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yaml)), user);
    }

    private long points(String substation) {
        return jdbc.sql("SELECT count(*) FROM points WHERE substation_id = ?").param(substation).query(Long.class).single();
    }

    private long clearedWithTrades(String zone) {
        return jdbc.sql("""
                        SELECT count(*) FROM trading_intervals i WHERE i.zone_id = ? AND i.status NOT IN ('OPEN', 'GATE_CLOSED', 'FAILED', 'MISSED')
                           AND EXISTS (SELECT 1 FROM trades t WHERE t.interval_id = i.id)""").param(zone).query(Long.class).single();
    }

    @Test
    void aSubstationConnectedByUploadTradesWithinAFewIntervalsAndBadMappingsRegisterNothing() throws Exception {
        String yaml = ss09.mappingYaml();

        // A node the endpoint does not serve: named with its point; nothing registered.
        HttpResponse<String> unknown = post(yaml.replace("SS-09/M-003/PV", "SS-09/M-003/NoSuchNode"), "integrator");
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(400);
        assertThat(json.readTree(unknown.body()).get("detail").asString()).contains("SS-09: points the endpoint", "SS-09-P-003", "NoSuchNode");
        assertThat(points("SS-09")).isZero();

        // A point twice in the file: named; nothing registered.
        String first = yaml.lines().filter(l -> l.contains("SS-09/M-001/P\"")).findFirst().orElseThrow();
        HttpResponse<String> twice = post(yaml + first + "\n", "integrator");
        assertThat(twice.statusCode()).as(twice.body()).isEqualTo(400);
        assertThat(json.readTree(twice.body()).get("detail").asString()).contains("the mapping has problems, nothing was registered");
        assertThat(points("SS-09")).isZero();

        // The endpoint down: named by its address (409); nothing registered.
        HttpResponse<String> down = post(yaml.replace(ss09.endpointUrl(), "opc.tcp://127.0.0.1:1/greenex"), "integrator");
        assertThat(down.statusCode()).as(down.body()).isEqualTo(409);
        assertThat(json.readTree(down.body()).get("detail").asString()).contains("endpoint opc.tcp://127.0.0.1:1/greenex cannot be reached");
        assertThat(points("SS-09")).isZero();

        // Only an integrator connects substations.
        assertThat(post(yaml, "prosumer1").statusCode()).isEqualTo(403);

        HttpResponse<String> connected = post(yaml, "integrator");
        JsonNode body = json.readTree(connected.body());
        assertThat(connected.statusCode()).as(connected.body()).isEqualTo(201);
        assertThat(body.get("points").asInt()).isEqualTo(80);
        assertThat(body.get("status").get("connected").asBoolean()).isTrue();
        assertThat(points("SS-09")).isEqualTo(80);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'MAPPING_REGISTERED' AND subject = 'substation:SS-09'").query(Long.class).single())
                .isEqualTo(1);
        assertThat(post(yaml, "integrator").statusCode()).as("bridged already").isEqualTo(409);

        // No restart: the zone clears and trades within a few intervals (5 s each here).
        await("zone SS-09 cleared an interval with trades", Duration.ofSeconds(60), () -> clearedWithTrades("SS-09") > 0);
        JsonNode listed = json.readTree(portal.get("/api/substations", "integrator").body());
        assertThat(listed.findValuesAsString("id")).contains("SS-01", "SS-09");
    }
}
