package com.greenex.scada.cli;

import com.greenex.scada.sim.SimulatedSubstation;
import com.greenex.db.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The standalone bridge against the simulated substation on 127.0.0.1, printing and writing. */
class BridgeCommandIT {

    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = BridgeCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void dryRunPrintsOneJsonLinePerValue(@TempDir Path dir) throws Exception {
        try (SimulatedSubstation sim = new SimulatedSubstation("SS-07", 3, freePort(), Duration.ofMillis(100), Clock.systemUTC())) {
            sim.start();
            Path mapping = dir.resolve("SS-07.yaml");
            Files.writeString(mapping, sim.mappingYaml());

            Run r = run("--mapping", mapping.toString(), "--dry-run", "--duration-s", "3", "--sampling-ms", "100", "--publishing-ms", "200");

            assertThat(r.status()).as(r.err()).isZero();
            JsonMapper json = JsonMapper.builder().build();
            Set<String> points = new HashSet<>();
            for (String line : r.out().strip().split("\n")) {
                JsonNode n = json.readTree(line);
                assertThat(n.get("substation").asString()).isEqualTo("SS-07");
                assertThat(n.get("status").asString()).isEqualTo("GOOD");
                assertThat(n.get("value").isNumber()).isTrue();
                assertThat(n.get("time").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
                points.add(n.get("participant").asString() + "/" + (n.has("meter") ? n.get("meter").asString() : n.get("battery").asString())
                        + "/" + n.get("quantity").asString());
            }
            assertThat(points).hasSize(30).contains("P-001/M-001/ACTIVE_POWER_KW", "P-003/B-003/SOC_PERCENT", "P-002/B-002/BATTERY_SETPOINT_KW");
        }
    }

    @Test
    void writesEveryPointToPostgresAndReportsUnregisteredOnes(@TempDir Path dir) throws Exception {
        try (TestDatabase pg = TestDatabase.builder().unmigrated().start();
             SimulatedSubstation sim = new SimulatedSubstation("SS-08", 3, freePort(), Duration.ofMillis(100), Clock.systemUTC())) {
            sim.start();
            String url = pg.jdbcUrl();
            Path mapping = dir.resolve("SS-08.yaml");
            Files.writeString(mapping, sim.mappingYaml());
            // Participants 1 and 2 are registered (market entry); 3 is not.
            run("--mapping", mapping.toString(), "--db-url", url, "--duration-s", "0"); // migrates
            try (Connection c = pg.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO substations (id, name) VALUES ('SS-08', 'S') ON CONFLICT DO NOTHING");
                s.execute("INSERT INTO participants (id, name, kind, capacity_kw, voltage_level) "
                        + "SELECT 'P-00' || i, 'P', 'PROSUMER', 5, '0.4kV' FROM generate_series(1, 2) i");
                s.execute("INSERT INTO meters (id, participant_id, substation_id, smart) SELECT 'M-00' || i, 'P-00' || i, 'SS-08', true FROM generate_series(1, 2) i");
                s.execute("INSERT INTO batteries (id, participant_id, capacity_kwh) SELECT 'B-00' || i, 'P-00' || i, 10 FROM generate_series(1, 2) i");
            }

            Run r = run("--mapping", mapping.toString(), "--db-url", url, "--duration-s", "3", "--sampling-ms", "100", "--publishing-ms", "200");

            assertThat(r.status()).as(r.err()).isZero();
            assertThat(r.err()).contains("point: points[20] (P-003) node nsu=urn:greenex:sim;s=SS-08/M-003/P: participant P-003 is not registered");
            assertThat(r.err()).contains("dropped 0");
            try (Connection c = pg.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(DISTINCT r.point_id), count(*) FROM readings r JOIN points p ON p.id = r.point_id WHERE p.substation_id = 'SS-08'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(20);
                assertThat(rs.getInt(2)).isGreaterThanOrEqualTo(20);
            }
        }
    }

    @Test
    void aMappingFileThatCannotBeUsedExitsWith2AndSaysWhy(@TempDir Path dir) throws Exception {
        Path mapping = dir.resolve("bad.yaml");
        Files.writeString(mapping, "substation: SS-01\nsecurity: {policy: None}\npoints: []\n");

        Run r = run("--mapping", mapping.toString(), "--dry-run");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo(mapping + ": endpoint: missing or not an opc.tcp:// URL: null");
    }
}
