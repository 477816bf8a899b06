package com.greenex.scada.mapping;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MappingReaderTest {

    private static SubstationMapping read(String yaml) {
        return new MappingReader().read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "SS-01.yaml");
    }

    @Test
    void readsTheExampleOfTheIssueWithBothNodeIdForms() {
        SubstationMapping m = read("""
                substation: SS-01
                endpoint: opc.tcp://127.0.0.1:4840/greenex
                security: {policy: None}
                points:
                  - {participant: P-001, meter: M-001, quantity: ACTIVE_POWER_KW, node: "ns=2;s=SS-01/M-001/P"}
                  - {participant: P-001, meter: M-001, quantity: ENERGY_IMPORT_KWH, node: "nsu=urn:greenex:sim;s=SS-01/M-001/Import"}
                  - {participant: P-001, meter: M-001, quantity: ENERGY_EXPORT_KWH, node: "nsu=urn:greenex:sim;s=SS-01/M-001/Export"}
                  - {participant: P-001, battery: B-001, quantity: SOC_PERCENT, node: "nsu=urn:greenex:sim;s=SS-01/B-001/SOC"}
                """);

        assertThat(m.substation()).isEqualTo("SS-01");
        assertThat(m.security()).isEqualTo(Security.NONE);
        assertThat(m.problems()).isEmpty();
        assertThat(m.points()).extracting(PointMapping::quantity).containsExactly(
                Quantity.ACTIVE_POWER_KW, Quantity.ENERGY_IMPORT_KWH, Quantity.ENERGY_EXPORT_KWH, Quantity.SOC_PERCENT);
        assertThat(m.points().get(3).device()).isEqualTo("B-001");
    }

    @Test
    void aBadPointIsReportedWithItsReasonAndTheOthersKeepWorking() {
        SubstationMapping m = read("""
                substation: SS-01
                endpoint: opc.tcp://127.0.0.1:4840/greenex
                security: {policy: Basic256Sha256, mode: Sign, username: bridge, passwordEnv: GREENEX_OPCUA_SS01}
                points:
                  - {participant: P-001, meter: M-001, quantity: ACTIVE_POWER_KW, node: "ns=2;s=SS-01/M-001/P"}
                  - {participant: P-002, meter: M-002, quantity: REACTIVE_POWER, node: "ns=2;s=SS-01/M-002/Q"}
                  - {participant: P-003, meter: M-003, quantity: ACTIVE_POWER_KW, node: "SS-01/M-003/P"}
                  - {participant: P-004, meter: M-004, quantity: SOC_PERCENT, node: "ns=2;s=SS-01/M-004/SOC"}
                  - {participant: P-005, meter: M-005, quantity: ACTIVE_POWER_KW, node: "ns=2;s=SS-01/M-001/P"}
                  - {participant: P-006, meter: M-006, quantity: ACTIVE_POWER_KW, node: "ns=2;i=1006"}
                """);

        assertThat(m.security().mode()).isEqualTo("Sign");
        assertThat(m.points()).extracting(PointMapping::participant).containsExactly("P-001", "P-006");
        assertThat(m.problems()).extracting(PointProblem::toString).containsExactly(
                "points[1] (P-002) node ns=2;s=SS-01/M-002/Q: quantity: unknown \"REACTIVE_POWER\" (one of [ACTIVE_POWER_KW, ENERGY_IMPORT_KWH, ENERGY_EXPORT_KWH, PV_POWER_KW, LOAD_POWER_KW, SOC_PERCENT, BATTERY_POWER_KW, BATTERY_SETPOINT_KW, BATTERY_MAX_CHARGE_KW, BATTERY_MAX_DISCHARGE_KW])",
                "points[2] (P-003) node SS-01/M-003/P: node: \"SS-01/M-003/P\" is not an OPC UA node id (ns=<index>;s=… or nsu=<uri>;s=…)",
                "points[3] (P-004) node ns=2;s=SS-01/M-004/SOC: SOC_PERCENT belongs to a battery, not a meter",
                "points[4] (P-005) node ns=2;s=SS-01/M-001/P: node is mapped twice");
    }

    @Test
    void aFileWithoutEndpointOrWithAnUnknownPolicyIsRefusedWhole() {
        assertThatThrownBy(() -> read("substation: SS-01\nsecurity: {policy: None}\npoints: []\n"))
                .isInstanceOf(MappingException.class).hasMessage("SS-01.yaml: endpoint: missing or not an opc.tcp:// URL: null");
        assertThatThrownBy(() -> read("substation: SS-01\nendpoint: opc.tcp://127.0.0.1:4840\nsecurity: {policy: Basic128}\npoints: []\n"))
                .isInstanceOf(MappingException.class).hasMessageContaining("security.policy: Basic128 is not one of");
        assertThatThrownBy(() -> read("substation: SS-01\nendpoint: opc.tcp://127.0.0.1:4840\nsecurity: {policy: None, mode: Sign}\npoints: []\n"))
                .isInstanceOf(MappingException.class).hasMessageContaining("security.mode: Sign does not go with policy None");
        assertThatThrownBy(() -> read("substation: [unclosed\n"))
                .isInstanceOf(MappingException.class).hasMessageStartingWith("SS-01.yaml: not valid YAML");
    }

    @Test
    void aPasswordVariableOutsideTheBridgesOwnIsRefused() {
        assertThatThrownBy(() -> read("substation: SS-01\nendpoint: opc.tcp://127.0.0.1:4840\n"
                + "security: {policy: Basic256Sha256, mode: Sign, username: bridge, passwordEnv: GREENEX_CHAIN_KEY_PASSWORD}\npoints: []\n"))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("security.passwordEnv: GREENEX_CHAIN_KEY_PASSWORD is not a bridge password variable: it must be GREENEX_OPCUA_");
        assertThatThrownBy(() -> read("substation: SS-01\nendpoint: opc.tcp://127.0.0.1:4840\n"
                + "security: {policy: Basic256Sha256, mode: Sign, username: bridge, passwordEnv: PGPASSWORD}\npoints: []\n"))
                .isInstanceOf(MappingException.class).hasMessageContaining("PGPASSWORD is not a bridge password variable");
    }

    @Test
    void aPasswordFileIsANameInTheSecretsDirectoryNeverAPath() {
        String head = "substation: SS-01\nendpoint: opc.tcp://127.0.0.1:4840\nsecurity: {policy: Basic256Sha256, mode: Sign, username: bridge, ";
        assertThat(read(head + "passwordFile: ss01-bridge.txt}\npoints: []\n").security().passwordFile()).isEqualTo("ss01-bridge.txt");
        assertThatThrownBy(() -> read(head + "passwordFile: ../../etc/shadow}\npoints: []\n"))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("security.passwordFile: ../../etc/shadow is not a secret file's name");
        assertThatThrownBy(() -> read(head + "passwordFile: /run/secrets/db}\npoints: []\n"))
                .isInstanceOf(MappingException.class).hasMessageContaining("/run/secrets/db is not a secret file's name");
        assertThatThrownBy(() -> read(head + "passwordFile: .hidden}\npoints: []\n"))
                .isInstanceOf(MappingException.class).hasMessageContaining(".hidden is not a secret file's name");
        assertThatThrownBy(() -> read(head + "passwordFile: a, passwordEnv: GREENEX_OPCUA_SS01}\npoints: []\n"))
                .isInstanceOf(MappingException.class).hasMessageContaining("security: passwordEnv or passwordFile, not both");
        assertThatThrownBy(() -> read("substation: SS-01\nendpoint: opc.tcp://127.0.0.1:4840\nsecurity: {policy: Basic256Sha256, mode: Sign, passwordFile: a}\npoints: []\n"))
                .isInstanceOf(MappingException.class).hasMessageContaining("a username goes with its password's passwordEnv or passwordFile");
    }

    @Test
    void anOversizedFileOrAVeryLongLineIsRefusedBeforeParsing() {
        byte[] big = new byte[MappingReader.MAX_BYTES + 1];
        java.util.Arrays.fill(big, (byte) '#');
        for (int i = 100; i < big.length; i += 100) {
            big[i] = '\n';
        }
        assertThatThrownBy(() -> new MappingReader().read(new java.io.ByteArrayInputStream(big), "big.yaml"))
                .isInstanceOf(MappingException.class).hasMessage("big.yaml: larger than 16 MiB: split the substation's points into several mappings");

        String longScalar = "substation: SS-01\nendpoint: opc.tcp://127.0.0.1:4840\nnote: " + "x".repeat(5_000_000) + "\npoints: []\n";
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> read(longScalar)).isInstanceOf(MappingException.class)
                .hasMessage("SS-01.yaml: line 3 is 5000006 bytes long (at most 4096): a mapping's ids, nodes and URLs are short");
        System.out.printf("a 5 MB scalar refused in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }
}
