package com.greenex.portal.market;

import com.greenex.portal.testing.ReferenceData;
import com.greenex.portal.testing.TestPortal;
import com.greenex.scada.store.Reading;
import com.greenex.scada.store.ReadingStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static com.greenex.portal.testing.ReferenceData.aParticipant;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Market zones: each substation a market of its own. Two zones clear in the same interval, each at its
 * own price with trades only inside it; a third zone whose interval fails says why and holds back none;
 * the API lists each zone's intervals ({@code ?zone=}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MarketZonesIT {

    private static final Duration L = Duration.ofMinutes(15);
    private static final Duration LEAD = Duration.ofMinutes(5);

    @TempDir
    static Path dir;
    private TestPortal portal;
    private JdbcClient jdbc;
    private final List<Reading> readings = new ArrayList<>();
    private final Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(2));

    @BeforeAll
    void start() throws Exception {
        portal = TestPortal.plain(dir).interval(L).with("greenex.market.gate-lead", LEAD)
                .with("greenex.market.zone-groups", "Z-PAIR:SS-04+SS-05").start();
        jdbc = portal.jdbc();
        portal.bean(com.greenex.portal.security.Users.class).save("dispatcher", "Dispatcher", TestPortal.PASSWORD, null, Set.of("DISPATCHER"));
        // SS-01: much sun, little load (a buyers' market); SS-02: little sun, much load (a sellers' market).
        prosumer("SS-01", "N-1", "20", "0");
        prosumer("SS-01", "N-2", "20", "0");
        prosumer("SS-01", "N-3", "0", "4");
        prosumer("SS-02", "S-1", "4", "0");
        prosumer("SS-02", "S-2", "0", "20");
        prosumer("SS-02", "S-3", "0", "20");
        // SS-03: a meter that reports nonsense (10^8 kW): its zone's clearing fails.
        prosumer("SS-03", "F-1", "100000000", "0");
        prosumer("SS-03", "F-2", "0", "4");
        // SS-04 and SS-05 trade as one zone (configured): a seller in one, a buyer in the other.
        prosumer("SS-04", "P-1", "20", "0");
        prosumer("SS-05", "Q-1", "0", "8");
        new ReadingStore(portal.bean(DataSource.class)).write(readings);
    }

    @AfterAll
    void stop() {
        portal.close();
    }

    private void prosumer(String substation, String id, String pvKw, String loadKw) {
        ReferenceData data = portal.data().substation(substation);
        ReferenceData.ParticipantBuilder p = aParticipant(id).admitted().in(substation);
        data.save(p);
        Instant at = start.minus(LEAD).minus(Duration.ofMinutes(5));
        readings.add(new Reading(data.point(p, "PV_POWER_KW"), at, null, new BigDecimal(pvKw), 0));
        readings.add(new Reading(data.point(p, "LOAD_POWER_KW"), at, null, new BigDecimal(loadKw), 0));
    }

    @Test
    void everyZoneClearsTheSameIntervalAtItsOwnPriceAndAFailedZoneHoldsBackNone() throws Exception {
        IntervalScheduler scheduler = portal.bean(IntervalScheduler.class);
        assertThat(portal.bean(IntervalLifecycle.class).zones()).containsExactly("SS-01", "SS-02", "SS-03", "Z-PAIR");

        IntervalScheduler.Tick tick = scheduler.runDue(start.minus(LEAD).plusSeconds(1));

        Map<String, IntervalOutcome> byZone = tick.outcomes().stream().collect(Collectors.toMap(
                o -> portal.bean(IntervalLifecycle.class).find(o.intervalId()).orElseThrow().zone(), o -> o));
        assertThat(byZone).containsOnlyKeys("SS-01", "SS-02", "SS-03", "Z-PAIR");
        IntervalOutcome pair = byZone.get("Z-PAIR");
        assertThat(jdbc.sql("SELECT seller_id || '>' || buyer_id FROM trades WHERE interval_id = ?").param(pair.intervalId()).query(String.class).list())
                .as("two substations configured as one zone trade with each other").containsExactly("P-1>Q-1");
        IntervalOutcome sunny = byZone.get("SS-01");
        IntervalOutcome cloudy = byZone.get("SS-02");
        assertThat(sunny.state()).as(sunny.toString()).isEqualTo(IntervalState.CLEARED);
        assertThat(cloudy.state()).as(cloudy.toString()).isEqualTo(IntervalState.CLEARED);
        assertThat(sunny.trades()).isPositive();
        assertThat(cloudy.trades()).isPositive();
        assertThat(jdbc.sql("SELECT market_type FROM clearing_results WHERE interval_id = ?").param(sunny.intervalId()).query(String.class).single())
                .isEqualTo("BUYERS_MARKET");
        assertThat(jdbc.sql("SELECT market_type FROM clearing_results WHERE interval_id = ?").param(cloudy.intervalId()).query(String.class).single())
                .isEqualTo("SELLERS_MARKET");
        assertThat(sunny.clearingPrice()).as("each zone its own price").isNotEqualByComparingTo(cloudy.clearingPrice());
        // Trades stay inside their zone.
        assertThat(jdbc.sql("SELECT DISTINCT left(seller_id, 1) || left(buyer_id, 1) FROM trades WHERE interval_id = ?").param(sunny.intervalId())
                .query(String.class).list()).containsExactly("NN");
        assertThat(jdbc.sql("SELECT DISTINCT left(seller_id, 1) || left(buyer_id, 1) FROM trades WHERE interval_id = ?").param(cloudy.intervalId())
                .query(String.class).list()).containsExactly("SS");

        IntervalOutcome broken = byZone.get("SS-03");
        assertThat(broken.state()).isEqualTo(IntervalState.FAILED);
        assertThat(broken.failureReason()).contains("F-1");
        assertThat(portal.bean(IntervalLifecycle.class).failureReason(broken.intervalId())).isEqualTo(broken.failureReason());
        assertThat(tick.dispatched()).as("the cleared zones' setpoints are not held back by the failed one").isEmpty();
        IntervalScheduler.Tick dispatch = scheduler.runDue(start.minusMillis(500));
        assertThat(dispatch.dispatched()).extracting(BatteryDispatcher.Dispatched::intervalId)
                .containsExactlyInAnyOrder(sunny.intervalId(), cloudy.intervalId(), pair.intervalId());

        // The API: every zone's intervals, or one zone's; an unknown zone named.
        JsonMapper json = JsonMapper.builder().build();
        JsonNode all = json.readTree(portal.get("/api/intervals?size=10", "dispatcher").body());
        assertThat(all.get("items").findValuesAsString("zone")).contains("SS-01", "SS-02", "SS-03");
        JsonNode one = json.readTree(portal.get("/api/intervals?zone=SS-02", "dispatcher").body());
        assertThat(one.get("items").findValuesAsString("zone")).containsOnly("SS-02");
        assertThat(one.get("items").get(0).get("id").asLong()).isEqualTo(cloudy.intervalId());
        var unknown = portal.get("/api/intervals?zone=SS-99", "dispatcher");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json.readTree(unknown.body()).get("detail").asString()).isEqualTo("zone: no zone \"SS-99\" (zones: SS-01, SS-02, SS-03, Z-PAIR)");
        assertThat(json.readTree(portal.get("/api/zones", "dispatcher").body()).valueStream().map(JsonNode::asString).toList())
                .containsExactly("SS-01", "SS-02", "SS-03", "Z-PAIR");
    }
}
