package com.greenex.portal.market;

import com.greenex.portal.testing.TestPortal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static com.greenex.portal.testing.TestPortal.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's utility as a user runs it: two simulated substations over OPC UA, bridged by the portal,
 * each a market zone that clears, dispatches its batteries and settles every interval on its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatedUtilityIT {

    @TempDir
    static Path dir;
    private TestPortal portal;

    @BeforeAll
    void start() {
        portal = TestPortal.demo(dir).interval(Duration.ofSeconds(5)).prosumers(12).with("greenex.scada.simulated-substations", 2).start();
    }

    @AfterAll
    void stop() {
        portal.close();
    }

    private long settledWithTrades(String zone) {
        return portal.jdbc().sql("""
                        SELECT count(*) FROM trading_intervals i WHERE i.zone_id = ? AND i.status = 'SETTLED'
                           AND EXISTS (SELECT 1 FROM trades t WHERE t.interval_id = i.id)""").param(zone).query(Long.class).single();
    }

    @Test
    void eachSubstationIsAZoneThatClearsDispatchesAndSettlesOnItsOwn() throws Exception {
        await("both zones settled an interval with trades", Duration.ofSeconds(120), () -> settledWithTrades("SS-01") > 0 && settledWithTrades("SS-02") > 0);
        var jdbc = portal.jdbc();
        assertThat(portal.bean(IntervalLifecycle.class).zones()).as("the zones that clear: the bridged substations (not the applicants' SS-NEW)")
                .containsExactly("SS-01", "SS-02");
        assertThat(jdbc.sql("SELECT id FROM participants WHERE id LIKE 'SS-02-P-%' ORDER BY id").query(String.class).list())
                .hasSize(12).startsWith("SS-02-P-001");
        // No trade crosses a zone: sellers and buyers of an interval are the zone's own.
        assertThat(jdbc.sql("""
                        SELECT count(*) FROM trades t JOIN trading_intervals i ON i.id = t.interval_id
                         WHERE (i.zone_id = 'SS-02') <> (t.seller_id LIKE 'SS-02-%') OR (i.zone_id = 'SS-02') <> (t.buyer_id LIKE 'SS-02-%')""")
                .query(Long.class).single()).isZero();
        // Each zone's batteries got their setpoints through their own substation's session.
        List<String> written = jdbc.sql("""
                        SELECT DISTINCT i.zone_id FROM battery_setpoints s JOIN trading_intervals i ON i.id = s.interval_id WHERE s.outcome = 'WRITTEN'
                         ORDER BY 1""").query(String.class).list();
        assertThat(written).containsExactly("SS-01", "SS-02");
        JsonNode status = JsonMapper.builder().build().readTree(portal.get("/api/status", "dispatcher").body());
        assertThat(status.get("components").findValuesAsString("name")).contains("substation SS-01", "substation SS-02");
    }
}
