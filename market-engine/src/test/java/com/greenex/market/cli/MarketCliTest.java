package com.greenex.market.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class MarketCliTest {

    private static final String VALID = """
            {"interval": "2026-11-24T23:00:00+08:00", "gridFeedInPrice": "0.40", "gridRetailPrice": 1.10, "priceTick": "0.01",
             "participants": [
               {"id": "A", "side": "BUY", "energyKwh": "4", "battery": {"capacityKwh": "50", "socPercent": "60"}},
               {"id": "S1", "side": "SELL", "energyKwh": 16},
               {"id": "X", "side": "SELL", "energyKwh": "3", "reservationPrice": "0.55"}
             ]}
            """;

    record Run(int status, String out, String err) {
    }

    private static Run run(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        int status = MarketCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true), in);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void clearsAFileAndPrintsTheResultJson(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("interval.json");
        Files.writeString(file, VALID);

        Run r = run("", "clear", file.toString());

        assertThat(r.status()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode json = JsonMapper.builder().build().readTree(r.out());
        assertThat(json.get("interval").asString()).isEqualTo("2026-11-24T23:00:00+08:00");
        assertThat(json.get("marketType").asString()).isEqualTo("BUYERS_MARKET");
        assertThat(json.get("supplyKwh").asString()).isEqualTo("19");
        assertThat(json.get("demandKwh").asString()).isEqualTo("4");
        assertThat(json.get("equilibrium").asString()).isEqualTo("VERIFIED");
        assertThat(json.get("participants")).hasSize(3);
        assertThat(json.get("participants").get(0).get("id").asString()).isEqualTo("A");
        assertThat(json.get("participants").get(0).has("rank")).isFalse();
        assertThat(json.get("participants").get(1).get("rank").asInt()).isPositive();
    }

    @Test
    void readsStandardInputForDash() {
        Run r = run(VALID, "clear", "-");

        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("\"marketType\" : \"BUYERS_MARKET\"");
    }

    @Test
    void answersTheFixtureOfTable3WithThePapersPrice() throws IOException {
        String input;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/paper-table3.input.json")) {
            input = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Run r = run(input, "clear", "-");

        assertThat(r.status()).isZero();
        assertThat(JsonMapper.builder().build().readTree(r.out()).get("clearingPrice").asString()).isEqualTo("0.64");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown side              | "side": "SELL", "energyKwh": 16             | "side": "LEND", "energyKwh": 16                              | participant S1: side: "LEND" is not BUY or SELL
            negative energy           | "side": "SELL", "energyKwh": 16             | "side": "SELL", "energyKwh": -1                              | participant S1: energyKwh: -1 must be greater than 0
            malformed number          | "side": "SELL", "energyKwh": 16             | "side": "SELL", "energyKwh": "1,5"                           | participant S1: energyKwh: "1,5" is not a decimal number
            SOC above 100             | "socPercent": "60"                          | "socPercent": "120"                                          | participant A: battery.socPercent: 120 is outside 0-100
            SOC below 0               | "socPercent": "60"                          | "socPercent": -0.5                                           | participant A: battery.socPercent: -0.5 is outside 0-100
            reservation off the tick  | "reservationPrice": "0.55"                  | "reservationPrice": "0.555"                                  | participant X: reservationPrice: 0.555 is not on the price tick 0.01
            reservation above grid    | "reservationPrice": "0.55"                  | "reservationPrice": "1.20"                                   | participant X: reservationPrice: 1.20 is outside the grid prices [0.40, 1.10]
            duplicate id              | {"id": "X",                                 | {"id": "A",                                                  | participant A: id: duplicate id
            missing energy            | "side": "SELL", "energyKwh": 16             | "side": "SELL"                                               | participant S1: energyKwh: missing
            misspelt field            | "side": "SELL", "energyKwh": 16             | "side": "SELL", "energyKWh": 16                              | participant S1: energyKWh: unknown field
            too fine an energy        | "side": "SELL", "energyKwh": 16             | "side": "SELL", "energyKwh": "16.0000001"                    | participant S1: energyKwh: 16.0000001 has more than 6 decimal places
            grid prices reversed      | "gridRetailPrice": 1.10                     | "gridRetailPrice": 0.30                                      | interval: gridRetailPrice: 0.30 must be above gridFeedInPrice 0.40
            zero capacity             | "capacityKwh": "50"                         | "capacityKwh": "0"                                           | participant A: battery.capacityKwh: 0 must be greater than 0
            """)
    void badInputExitsWith2AndOneLineNamingParticipantAndField(String what, String find, String replace, String message) {
        String input = VALID.replace(find, replace);
        assertThat(input).as("the test's own substitution").isNotEqualTo(VALID);

        Run r = run(input, "clear", "-");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith(message).endsWith("\n");
        assertThat(r.err().strip()).doesNotContain("\n");
    }

    @Test
    void malformedJsonSaysWhere() {
        Run r = run("{\"interval\": \"x\",\n \"participants\": [}", "clear", "-");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("interval: input: malformed JSON at line 2");
    }

    @Test
    void aMissingFileIsBadInput() {
        Run r = run("", "clear", "/nonexistent/interval.json");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("interval: FILE: no such file: /nonexistent/interval.json\n");
    }

    @Test
    void noCommandIsAUsageError() {
        Run r = run("");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("missing command");
    }
}
