package com.greenex.portal.scada;

import com.greenex.portal.testing.TestPortal;
import com.greenex.scada.security.Pki;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;

import static com.greenex.portal.testing.TestPortal.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A secure substation (Basic256Sha256, SignAndEncrypt, username with the password from the
 * environment) connected live: its server certificate, not trusted yet, is refused and shown to the
 * integrator, who accepts it (audited); connected again, its zone trades.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureLiveSubstationIT {

    @TempDir
    static Path dir;
    private TestPortal portal;
    private SimulatedSubstation ss10;
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    void start() throws Exception {
        portal = TestPortal.demo(dir).interval(Duration.ofSeconds(5)).prosumers(6)
                .with("greenex.scada.pki-dir", dir.resolve("portal-pki"))
                .with("greenex.scada.pki-password", "portal-store")
                .with("greenex.scada.secrets-dir", Files.createDirectories(dir.resolve("secrets")))
                .start();
        // The OPC UA user's password in a secret file (as a container's /run/secrets), never in the database.
        Files.writeString(dir.resolve("secrets").resolve("ss10-bridge"), "s3cret\n");
        Pki serverPki = Pki.open(dir.resolve("ss10-pki"), "urn:greenex:sim:SS-10", "SS-10", "server-store".toCharArray());
        // The utility's server trusts the portal's certificate (its administrator put it there); the portal does not trust the server yet.
        serverPki.trust(portal.bean(ScadaPki.class).certificate());
        int port = TestPortal.freeLoopbackPort();
        ss10 = new SimulatedSubstation("SS-10", 6, port, Duration.ofSeconds(1), Clock.systemUTC(),
                new SimulatedSubstation.ServerSecurity(serverPki, Map.of("bridge", "s3cret")))
                .idPrefix("SS-10-").timeScale(90).startAt(LocalTime.of(10, 0));
        ss10.start();
        LiveSubstationIT.registerAdmitted(portal.jdbc(), ss10);
    }

    @AfterAll
    void stop() throws Exception {
        portal.close();
        ss10.close();
    }

    private HttpResponse<String> post(String path, String body, String contentType) throws Exception {
        return portal.send(HttpRequest.newBuilder(URI.create(portal.baseUrl + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)), "integrator");
    }

    @Test
    void aSecureSubstationsCertificateIsAcceptedByTheIntegratorThenItConnectsAndTrades() throws Exception {
        String yaml = ss10.mappingYaml().replace("security: {policy: None}",
                "security: {policy: Basic256Sha256, mode: SignAndEncrypt, username: bridge, passwordFile: ss10-bridge}");

        HttpResponse<String> refused = post("/api/substations", yaml, "application/yaml");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        String detail = json.readTree(refused.body()).get("detail").asString();
        assertThat(detail).contains("SS-10: the server certificate of " + ss10.endpointUrl() + " is not trusted yet");
        assertThat(portal.jdbc().sql("SELECT count(*) FROM points WHERE substation_id = 'SS-10'").query(Long.class).single()).isZero();

        JsonNode pending = json.readTree(portal.get("/api/substations/certificates", "integrator").body());
        assertThat(pending).hasSize(1);
        assertThat(pending.get(0).get("applicationUri").asString()).isEqualTo("urn:greenex:sim:SS-10");
        String thumbprint = pending.get(0).get("thumbprint").asString();
        assertThat(detail).contains(thumbprint);
        assertThat(portal.get("/api/substations/certificates", "prosumer1").statusCode()).isEqualTo(403);

        HttpResponse<String> trusted = post("/api/substations/certificates/" + thumbprint + "/trust", "", "application/json");
        assertThat(trusted.statusCode()).as(trusted.body()).isEqualTo(200);
        assertThat(json.readTree(portal.get("/api/substations/certificates", "integrator").body())).isEmpty();
        assertThat(portal.jdbc().sql("SELECT actor FROM audit_log WHERE action = 'CERTIFICATE_TRUSTED' AND subject = ?").param("certificate:" + thumbprint)
                .query(String.class).single()).isEqualTo("integrator");

        HttpResponse<String> connected = post("/api/substations", yaml, "application/yaml");
        assertThat(connected.statusCode()).as(connected.body()).isEqualTo(201);
        assertThat(json.readTree(connected.body()).get("status").get("detail").asString()).startsWith("connected to " + ss10.endpointUrl());
        await("zone SS-10 cleared an interval with trades", Duration.ofSeconds(60), () -> portal.jdbc().sql("""
                SELECT count(*) FROM trading_intervals i WHERE i.zone_id = 'SS-10' AND i.status NOT IN ('OPEN', 'GATE_CLOSED', 'FAILED', 'MISSED')
                   AND EXISTS (SELECT 1 FROM trades t WHERE t.interval_id = i.id)""").query(Long.class).single() > 0);
    }
}
