package com.greenex.market;

import com.greenex.market.cli.IntervalJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The paper's Tables 2 and 3 (fixtures copied from shared/fixtures/market), cell by cell, through
 * the interval file reader and the engine.
 */
class PaperTablesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "paper-table2, SELLERS_MARKET, 0.68, 2, '0.69,0.68'",
            "paper-table3, BUYERS_MARKET, 0.64, 2, '0.50,0.64'",
    })
    void reproducesThePaperTableCellByCell(String table, MarketType type, String price, int rounds, String roundPrices) throws IOException {
        Interval interval;
        try (InputStream in = resource(table + ".input.json")) {
            interval = new IntervalJson().read(in);
        }
        JsonNode expected;
        try (InputStream in = resource(table + ".expected.json")) {
            expected = JSON.readTree(in);
        }

        MarketResult result = new MarketEngine().clear(interval);

        assertThat(result.marketType()).isEqualTo(type).hasToString(expected.get("marketType").asString());
        assertThat(result.clearingPrice()).isEqualByComparingTo(price).isEqualByComparingTo(expected.get("clearingPrice").asString());
        assertThat(result.rounds()).isEqualTo(rounds);
        assertThat(result.history()).extracting(RoundSummary::clearingPrice)
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactly(java.util.Arrays.stream(roundPrices.split(",")).map(BigDecimal::new).toArray(BigDecimal[]::new));
        assertThat(result.method()).isEqualTo(SolveMethod.PAPER_ITERATION);
        assertThat(result.equilibriumVerified()).isTrue();

        assertThat(result.participants()).hasSameSizeAs(expected.get("participants"));
        for (JsonNode row : expected.get("participants")) {
            String id = row.get("id").asString();
            ParticipantResult actual = result.participant(id).orElseThrow();
            assertThat(actual.side().name()).as(id + " side").isEqualTo(row.get("side").asString());
            cell(id, "reservationPrice", actual.reservationPrice(), row);
            cell(id, "marketKwh", actual.marketKwh(), row);
            cell(id, "batteryKwh", actual.batteryKwh(), row);
            cell(id, "gridKwh", actual.gridKwh(), row);
            cell(id, "marketAmount", actual.marketAmount(), row);
            if (row.has("quote")) {
                cell(id, "quote", actual.quote(), row);
                assertThat(actual.rank()).as(id + " rank").isEqualTo(row.get("rank").asInt());
            } else {
                assertThat(actual.quote()).as(id + " is on the short side and does not quote").isNull();
            }
            if (row.has("socPercentAfter")) {
                cell(id, "socPercentAfter", actual.socPercentAfter(), row);
            } else {
                assertThat(actual.socPercentAfter()).as(id + " has no battery").isNull();
            }
        }
    }

    private static void cell(String id, String field, BigDecimal actual, JsonNode row) {
        assertThat(actual).as(id + " " + field).isNotNull().isEqualByComparingTo(row.get(field).asString());
    }

    static InputStream resource(String name) {
        InputStream in = PaperTablesTest.class.getResourceAsStream("/fixtures/" + name);
        assertThat(in).as("test resource /fixtures/" + name).isNotNull();
        return in;
    }
}
