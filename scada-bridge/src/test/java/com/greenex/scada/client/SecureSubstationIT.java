package com.greenex.scada.client;

import com.greenex.scada.mapping.MappingReader;
import com.greenex.scada.mapping.PointMapping;
import com.greenex.scada.mapping.PointProblem;
import com.greenex.scada.mapping.SubstationMapping;
import com.greenex.scada.security.Pki;
import com.greenex.scada.sim.SimulatedSubstation;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Basic256Sha256 against the simulated substation on 127.0.0.1: trust lists on disk, username and certificate identities. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureSubstationIT {

    @TempDir
    static Path dir;
    private Pki serverPki;
    private Pki bridgePki;
    private SimulatedSubstation sim;

    @BeforeAll
    void start() throws Exception {
        serverPki = Pki.open(dir.resolve("server"), "urn:greenex:sim:SS-09", "SS-09", "server-store".toCharArray());
        bridgePki = Pki.open(dir.resolve("bridge"), "urn:greenex:scada-bridge:test", "scada-bridge", "bridge-store".toCharArray());
        serverPki.trust(bridgePki.certificate());
        bridgePki.trust(serverPki.certificate());
        sim = new SimulatedSubstation("SS-09", 1, SimulatedSubstationIT.freePort(), Duration.ofMillis(100), Clock.systemUTC(),
                new SimulatedSubstation.ServerSecurity(serverPki, Map.of("bridge", "s3cret")));
        sim.start();
    }

    @AfterAll
    void stop() throws Exception {
        sim.close();
    }

    private SubstationMapping mapping(String security) {
        String yaml = sim.mappingYaml().replace("security: {policy: None}", "security: " + security);
        return new MappingReader().read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "SS-09.yaml");
    }

    private static int valuesWithin(SubstationConnection connection, AtomicInteger values) throws Exception {
        connection.connect();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (values.get() < 4 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return values.get();
    }

    private static ReadingListener counting(AtomicInteger values) {
        return new ReadingListener() {
            @Override
            public void onValue(PointMapping point, Instant sourceTime, Instant serverTime, BigDecimal value, long statusCode) {
                if (statusCode == 0) {
                    values.incrementAndGet();
                }
            }

            @Override
            public void onPointProblem(PointProblem problem) {
            }
        };
    }

    @Test
    void signAndEncryptWithUsernameAndPasswordFromTheEnvironment() throws Exception {
        AtomicInteger values = new AtomicInteger();
        SubstationMapping m = mapping("{policy: Basic256Sha256, mode: SignAndEncrypt, username: bridge, passwordEnv: GREENEX_OPCUA_SS09}");
        try (SubstationConnection c = new SubstationConnection(m, Duration.ofMillis(50), Duration.ofMillis(100), counting(values),
                new SubstationConnection.ClientSecurity(bridgePki, new Passwords(Map.of("GREENEX_OPCUA_SS09", "s3cret")::get, null)))) {
            assertThat(valuesWithin(c, values)).isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void signAndEncryptWithUsernameAndPasswordFromASecretFile() throws Exception {
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(secrets.resolve("ss09-bridge"), "s3cret\n");
        AtomicInteger values = new AtomicInteger();
        SubstationMapping m = mapping("{policy: Basic256Sha256, mode: SignAndEncrypt, username: bridge, passwordFile: ss09-bridge}");
        try (SubstationConnection c = new SubstationConnection(m, Duration.ofMillis(50), Duration.ofMillis(100), counting(values),
                new SubstationConnection.ClientSecurity(bridgePki, new Passwords(name -> null, secrets)))) {
            assertThat(valuesWithin(c, values)).isGreaterThanOrEqualTo(4);
        }
        SubstationMapping missing = mapping("{policy: Basic256Sha256, mode: SignAndEncrypt, username: bridge, passwordFile: ss09-other}");
        try (SubstationConnection c = new SubstationConnection(missing, Duration.ofMillis(50), Duration.ofMillis(100), counting(new AtomicInteger()),
                new SubstationConnection.ClientSecurity(bridgePki, new Passwords(name -> null, secrets)))) {
            assertThatThrownBy(c::connect).isInstanceOf(UaException.class)
                    .hasMessageContaining("SS-09: the secret file " + secrets.resolve("ss09-other") + " with the password of bridge cannot be read");
        }
    }

    @Test
    void signWithTheBridgesCertificateAsIdentity() throws Exception {
        AtomicInteger values = new AtomicInteger();
        SubstationMapping m = mapping("{policy: Basic256Sha256, mode: Sign, identity: certificate}");
        try (SubstationConnection c = new SubstationConnection(m, Duration.ofMillis(50), Duration.ofMillis(100), counting(values),
                new SubstationConnection.ClientSecurity(bridgePki, new Passwords(name -> null, null)))) {
            assertThat(valuesWithin(c, values)).isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void aWrongPasswordIsRefusedWithTheServersReason() throws Exception {
        SubstationMapping m = mapping("{policy: Basic256Sha256, mode: SignAndEncrypt, username: bridge, passwordEnv: GREENEX_OPCUA_SS09}");
        try (SubstationConnection c = new SubstationConnection(m, Duration.ofMillis(50), Duration.ofMillis(100), counting(new AtomicInteger()),
                new SubstationConnection.ClientSecurity(bridgePki, new Passwords(Map.of("GREENEX_OPCUA_SS09", "guess")::get, null)))) {
            assertThatThrownBy(c::connect).isInstanceOf(UaException.class)
                    .hasMessageContaining("cannot connect to " + sim.endpointUrl() + " (Basic256Sha256/SignAndEncrypt)")
                    .hasMessageMatching("(?s).*Bad_(UserAccessDenied|IdentityTokenRejected|IdentityTokenInvalid).*");
        }
    }

    @Test
    void aServerWhoseCertificateTheBridgeDoesNotTrustIsRefusedAndItsCertificateQuarantined() throws Exception {
        Pki stranger = Pki.open(dir.resolve("stranger"), "urn:greenex:scada-bridge:stranger", "stranger", "x".toCharArray());
        serverPki.trust(stranger.certificate()); // the server would accept it; it does not accept the server
        SubstationMapping m = mapping("{policy: Basic256Sha256, mode: SignAndEncrypt, username: bridge, passwordEnv: GREENEX_OPCUA_SS09}");
        try (SubstationConnection c = new SubstationConnection(m, Duration.ofMillis(50), Duration.ofMillis(100), counting(new AtomicInteger()),
                new SubstationConnection.ClientSecurity(stranger, new Passwords(Map.of("GREENEX_OPCUA_SS09", "s3cret")::get, null)))) {
            assertThatThrownBy(c::connect).isInstanceOf(UaException.class).hasMessageContaining("cannot connect to");
        }
        try (var rejected = Files.list(dir.resolve("stranger").resolve("pki").resolve("rejected").resolve("certs"))) {
            assertThat(rejected.count()).isEqualTo(1);
        }
    }

    @Test
    void aSecurePolicyWithoutTheBridgesCertificatesSaysWhatToSet() {
        SubstationMapping m = mapping("{policy: Basic256Sha256, mode: Sign, username: bridge, passwordEnv: GREENEX_OPCUA_SS09}");
        SubstationConnection c = new SubstationConnection(m, Duration.ofMillis(50), Duration.ofMillis(100), counting(new AtomicInteger()));
        assertThatThrownBy(c::connect).isInstanceOf(UaException.class)
                .hasMessageContaining("SS-09: security policy Basic256Sha256 needs the bridge's certificate directory (--pki-dir)");
    }
}
