package com.greenex.portal;

import com.greenex.portal.market.IntervalState;
import com.greenex.portal.testing.TestPortal;
import com.greenex.portal.trades.ChainConfiguration;
import com.greenex.settlement.MerkleTree;
import com.greenex.settlement.SettlementOutbox;
import com.greenex.settlement.SettlementVerifier;
import com.greenex.settlement.TradeRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.web3j.utils.Numeric;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.greenex.portal.testing.TestPortal.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole application on the embedded set-up: several intervals from simulated SCADA readings to
 * trades settled on the dev chain, checked against the database; certificates from the heartbeat;
 * the API's security for every role.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortalIT {

    @TempDir
    static Path dir;
    TestPortal portal;
    JdbcClient jdbc;
    final ObjectMapper json = JsonMapper.builder().build();

    private Instant started;

    @BeforeAll
    void start() throws Exception {
        portal = TestPortal.demo(dir).interval(Duration.ofSeconds(4)).prosumers(30).start();
        started = Instant.now();
        jdbc = portal.jdbc();
        portal.awaitSettledIntervalsWithTrades(3);
    }

    @AfterAll
    void stop() {
        if (portal != null) {
            portal.close();
        }
    }

    private List<Long> settledWithTrades() {
        return jdbc.sql("""
                SELECT i.id FROM trading_intervals i WHERE i.status = 'SETTLED' AND EXISTS (SELECT 1 FROM trades t WHERE t.interval_id = i.id)
                 AND i.starts_at > now() - interval '1 hour' ORDER BY i.id""").query(Long.class).list();
    }

    @Test
    void severalIntervalsSettleAndTheChainHoldsExactlyTheDatabasesTrades() throws Exception {
        SettlementVerifier verifier = portal.bean(SettlementVerifier.class);
        List<Long> settled = settledWithTrades();
        assertThat(settled).hasSizeGreaterThanOrEqualTo(3);
        for (long id : settled) {
            assertThat(verifier.verifyInterval(id)).as("interval %d: database against chain", id).isEmpty();
            assertThat(jdbc.sql("SELECT count(*) FROM settlement_batches WHERE interval_id = ? AND state <> 'CONFIRMED'").param(id)
                    .query(Long.class).single()).isZero();
        }
        // The interval's clearing is the engine's: the short side trades in full at one uniform price.
        for (long id : settled) {
            var row = jdbc.sql("SELECT market_type, supply_kwh, demand_kwh, clearing_price FROM clearing_results WHERE interval_id = ?").param(id)
                    .query((rs, i) -> new Object[] {rs.getString(1), rs.getBigDecimal(2), rs.getBigDecimal(3), rs.getBigDecimal(4)}).single();
            BigDecimal traded = jdbc.sql("SELECT sum(energy_kwh) FROM trades WHERE interval_id = ?").param(id).query(BigDecimal.class).single();
            assertThat(traded).isEqualByComparingTo(((BigDecimal) row[1]).min((BigDecimal) row[2]));
            assertThat(jdbc.sql("SELECT count(DISTINCT price) FROM trades WHERE interval_id = ?").param(id).query(Long.class).single()).isEqualTo(1);
            assertThat(jdbc.sql("SELECT min(price) FROM trades WHERE interval_id = ?").param(id).query(BigDecimal.class).single())
                    .isEqualByComparingTo((BigDecimal) row[3]);
        }
    }

    @Test
    void theApiListsIntervalsLatestFirstWithTheirTradesAndProofsOnChain() throws Exception {
        JsonNode page = body(portal.get("/api/intervals?size=20", "dispatcher"), 200);
        List<Long> ids = new ArrayList<>();
        page.get("items").forEach(i -> ids.add(i.get("id").asLong()));
        assertThat(ids).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        long id = settledWithTrades().getLast();
        JsonNode listed = null;
        for (JsonNode i : page.get("items")) {
            if (i.get("id").asLong() == id) {
                listed = i;
            }
        }
        assertThat(listed).as("interval %d in the list", id).isNotNull();
        assertThat(listed.get("status").asString()).isEqualTo("SETTLED");
        assertThat(listed.get("marketType").asString()).isIn("BUYERS_MARKET", "SELLERS_MARKET");
        assertThat(listed.get("txHashes").get(0).asString()).matches("0x[0-9a-f]{64}");

        JsonNode detail = body(portal.get("/api/intervals/" + id, "regulator"), 200);
        long dbTrades = jdbc.sql("SELECT count(*) FROM trades WHERE interval_id = ?").param(id).query(Long.class).single();
        assertThat(detail.get("trades")).hasSize((int) dbTrades);
        JsonNode trade = detail.get("trades").get(0);
        assertThat(trade.get("settlementState").asString()).isEqualTo("CONFIRMED");
        assertThat(trade.get("txHash").asString()).isEqualTo(listed.get("txHashes").get(0).asString());
        assertThat(trade.get("blockNumber").asLong()).isPositive();
        assertThat(detail.get("result").get("equilibrium").asString()).isEqualTo("VERIFIED");

        JsonNode proof = body(portal.get("/api/trades/" + trade.get("id").asLong() + "/proof", "regulator"), 200);
        assertThat(proof.get("verifiedOnChain").asBoolean()).isTrue();
        List<TradeRecord> records = jdbc.sql("SELECT seller_id, buyer_id, energy_kwh, price, seq FROM trades WHERE interval_id = ? ORDER BY seq").param(id)
                .query((rs, i) -> new TradeRecord(rs.getString(1), rs.getString(2), rs.getBigDecimal(3), rs.getBigDecimal(4), rs.getLong(5))).list();
        assertThat(proof.get("onChainRoot").asString()).isEqualTo(Numeric.toHexString(new MerkleTree(id, records).root()));

        assertThat(body(portal.get("/api/intervals/999999", "regulator"), 404).get("detail").asString()).contains("no interval 999999");
        assertThat(body(portal.get("/api/intervals?size=0", "regulator"), 400).get("detail").asString()).contains("size must be 1 to 1000");
    }

    @Test
    void theNextIntervalIsOpenWhileTheCurrentOneIsDeliveredAndEveryStepIsVisible() throws Exception {
        JsonNode items = body(portal.get("/api/intervals?size=4", "dispatcher"), 200).get("items");
        JsonNode newest = items.get(0);
        assertThat(newest.get("status").asString()).isIn("OPEN", "GATE_CLOSED", "CLEARED", "DISPATCHED");
        Instant start = Instant.parse(newest.get("start").asString());
        assertThat(start).as("the newest interval lies ahead").isAfter(Instant.now().minusSeconds(1));
        await("an interval delivering", Duration.ofSeconds(20), () -> jdbc.sql("SELECT count(*) FROM trading_intervals WHERE status = 'DELIVERING'")
                .query(Long.class).single() > 0);
        assertThat(jdbc.sql("SELECT count(*) FROM trading_intervals WHERE status = 'DISPATCHED' AND starts_at < now() - interval '2 seconds'")
                .query(Long.class).single()).as("a dispatched interval is delivering once it starts").isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM trading_intervals WHERE status = 'DELIVERING' AND ends_at < now() - interval '4 seconds'")
                .query(Long.class).single()).as("a delivered interval is metered after its grace").isZero();
        // The setpoints went to the simulated batteries over OPC UA and were read back.
        assertThat(jdbc.sql("SELECT count(*) FROM battery_setpoints WHERE outcome = 'WRITTEN' AND read_back_kw = setpoint_kw").query(Long.class).single())
                .isPositive();
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'SETPOINTS_WRITTEN'").query(Long.class).single()).isPositive();
        assertThat(jdbc.sql("SELECT count(*) FROM deliveries").query(Long.class).single()).isPositive();
    }

    @Test
    void intervalIdsFollowOneAnotherWithoutGaps() {
        // Opening the next interval every second must not burn the id sequence.
        List<Long> ids = jdbc.sql("SELECT id FROM trading_intervals ORDER BY id").query(Long.class).list();
        assertThat(ids.size()).isGreaterThan(3);
        assertThat(ids.getLast() - ids.getFirst() + 1).as("ids " + ids).isEqualTo(ids.size());
    }

    @Test
    void anHourOfSimulatedTimeRunsEveryIntervalThroughItsLifeWithoutAFailure() throws Exception {
        // The demo's day runs 90 times faster: an hour of it is 40 s, ten 4-second intervals.
        await("an hour of simulated time", Duration.ofSeconds(120), () -> Instant.now().isAfter(started.plusSeconds(45)));
        // 40 s holds 9 or 10 whole 4-second intervals depending on where the epoch grid falls; a loaded machine may still be metering the last.
        await("the intervals of that hour metered", Duration.ofSeconds(40), () -> jdbc.sql(
                "SELECT count(*) FROM trading_intervals WHERE status IN ('METERED', 'SETTLED') AND starts_at >= ? AND ends_at <= ?")
                .params(Timestamp.from(started.plusSeconds(4)), Timestamp.from(started.plusSeconds(44))).query(Long.class).single() >= 8);
        assertThat(jdbc.sql("SELECT id || ': ' || failure_reason FROM trading_intervals WHERE status = 'FAILED'").query(String.class).list())
                .as("failed intervals").isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM deliveries d JOIN trading_intervals i ON i.id = d.interval_id WHERE i.starts_at >= ?")
                .param(Timestamp.from(started)).query(Long.class).single()).as("every metered interval has its deliveries").isGreaterThanOrEqualTo(8 * 30);
    }

    @Test
    void aParticipantsForecastIsTakenUntilGateClosureAndRefusedAfter() throws Exception {
        JsonNode open = null;
        for (JsonNode i : body(portal.get("/api/intervals?size=3", "dispatcher"), 200).get("items")) {
            if (i.get("status").asString().equals("OPEN")) {
                open = i;
            }
        }
        await("an open interval", Duration.ofSeconds(10), () -> jdbc.sql("SELECT count(*) FROM trading_intervals WHERE status = 'OPEN'")
                .query(Long.class).single() > 0);
        String start = open != null ? open.get("start").asString()
                : jdbc.sql("SELECT starts_at FROM trading_intervals WHERE status = 'OPEN' ORDER BY starts_at LIMIT 1").query(java.sql.Timestamp.class)
                .single().toInstant().toString();
        HttpResponse<String> ok = put("/api/participants/P-001/intervals/" + start + "/forecast", "{\"energyKwh\": \"-1.5\"}", "prosumer1");
        assertThat(ok.statusCode()).as(ok.body()).isIn(200, 409); // 409 only if its gate closed in between
        HttpResponse<String> other = put("/api/participants/P-002/intervals/" + start + "/forecast", "{\"energyKwh\": \"1\"}", "prosumer1");
        assertThat(other.statusCode()).isEqualTo(403);
        HttpResponse<String> late = put("/api/participants/P-001/intervals/2026-01-01T00:00:00Z/forecast", "{\"energyKwh\": \"1\"}", "prosumer1");
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(late.body()).contains("closed at");
        HttpResponse<String> fine = put("/api/participants/P-001/intervals/" + start + "/forecast", "{\"energyKwh\": \"1.0000001\"}", "prosumer1");
        assertThat(fine.statusCode()).as("decimals are checked before the gate").isEqualTo(400);
        assertThat(fine.body()).contains("more than 6 decimal places");
    }



    @Test
    void theStatusNamesEveryComponentWithTheChainsRpcUrl() throws Exception {
        JsonNode status = body(portal.get("/api/status", "integrator"), 200);
        List<String> names = new ArrayList<>();
        status.get("components").forEach(c -> names.add(c.get("name").asString()));
        assertThat(names).containsExactly("database", "substation SS-01", "chain", "scheduler");
        assertThat(status.get("allUp").asBoolean()).isTrue();
        assertThat(status.get("components").get(2).get("facts").get("rpcUrl").asString()).startsWith("http://127.0.0.1:");
        assertThat(body(portal.get("/actuator/health", null), 200).get("status").asString()).isEqualTo("UP");
        JsonNode health = body(portal.get("/actuator/health", "admin"), 200);
        assertThat(health.get("components").get("greenex").get("details").get("chain").asString()).startsWith("UP: block");
    }

    @Test
    void metricsCountIntervalsClearingTimeReadingsAndSettlementLag() throws Exception {
        assertThat(measurement("greenex.intervals.cleared", "COUNT")).isGreaterThanOrEqualTo(3);
        assertThat(measurement("greenex.clearing.time", "COUNT")).isGreaterThanOrEqualTo(3);
        assertThat(measurement("greenex.clearing.time", "TOTAL_TIME")).isPositive();
        assertThat(measurement("greenex.readings.ingested", "COUNT")).isGreaterThan(100);
        assertThat(measurement("greenex.settlement.lag", "VALUE")).isGreaterThanOrEqualTo(0).isLessThan(60);
        assertThat(portal.get("/actuator/metrics/greenex.intervals.cleared", "prosumer1").statusCode()).isEqualTo(403);
        assertThat(portal.get("/actuator/metrics/greenex.intervals.cleared", null).statusCode()).isEqualTo(401);
    }

    private double measurement(String metric, String statistic) throws Exception {
        JsonNode m = body(portal.get("/actuator/metrics/" + metric, "dispatcher"), 200);
        for (JsonNode s : m.get("measurements")) {
            if (s.get("statistic").asString().equals(statistic)) {
                return s.get("value").asDouble();
            }
        }
        throw new AssertionError(metric + " has no " + statistic + ": " + m);
    }

    @Test
    void certificatesAreIssuedInTheHeartbeatToTheBuyersChainAccount() throws Exception {
        // A past interval in which P-002 bought 1,000 kWh from P-001 (the scheduler only clears the current one).
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        long id = portal.data().interval(start, start.plusSeconds(900), IntervalState.METERED);
        jdbc.sql("""
                INSERT INTO clearing_results (interval_id, market_type, supply_kwh, demand_kwh, clearing_price, rounds, method, equilibrium,
                                              grid_feed_in_price, grid_retail_price, price_tick)
                VALUES (?, 'SELLERS_MARKET', 1000, 1200, 0.9, 1, 'PAPER_ITERATION', 'VERIFIED', 0.4, 1.1, 0.01)""").param(id).update();
        // Delivered as scheduled (the seller's meter confirmed it): it counts for certificates.
        jdbc.sql("INSERT INTO trades (interval_id, seq, seller_id, buyer_id, energy_kwh, price, amount, delivered_kwh) "
                        + "VALUES (?, 0, 'P-001', 'P-002', 1000, 0.9, 900, 1000)")
                .param(id).update();
        try (Connection c = portal.bean(DataSource.class).getConnection()) {
            SettlementOutbox.enqueue(c, id, List.of(new TradeRecord("P-001", "P-002", new BigDecimal("1000"), new BigDecimal("0.9"), 0)), 2000);
        }
        await("a certificate issued on chain to P-002", Duration.ofSeconds(60), () -> jdbc.sql("""
                SELECT count(*) FROM green_certificates c JOIN certificate_sources s ON s.certificate_id = c.id JOIN trades t ON t.id = s.trade_id
                 WHERE t.interval_id = ? AND c.tx_hash IS NOT NULL""").param(id).query(Long.class).single() == 1);
        long serial = jdbc.sql("""
                SELECT c.token_serial FROM green_certificates c JOIN certificate_sources s ON s.certificate_id = c.id JOIN trades t ON t.id = s.trade_id
                 WHERE t.interval_id = ?""").param(id).query(Long.class).single();
        String account = jdbc.sql("SELECT address FROM participant_accounts WHERE participant_id = 'P-002'").query(String.class).single();
        var certificates = portal.bean(ChainConfiguration.Contracts.class).certificates();
        assertThat(certificates.balanceOf(account, BigInteger.valueOf(serial)).send()).isEqualTo(BigInteger.ONE);
        assertThat(jdbc.sql("SELECT status FROM trading_intervals WHERE id = ?").param(id).query(String.class).single()).isEqualTo("SETTLED");
        JsonNode mine = body(portal.get("/api/intervals/" + id, "prosumer2"), 200);
        assertThat(mine.get("trades")).hasSize(1);
    }

    @Test
    void everyRoleSeesTheMarketButAParticipantOnlyItsOwnDataAndAnIntegratorNoParticipantsData() throws Exception {
        for (String user : List.of("regulator", "dispatcher", "admin", "prosumer1", "prosumer2")) {
            assertThat(portal.get("/api/intervals", user).statusCode()).as(user).isEqualTo(200);
            assertThat(portal.get("/api/status", user).statusCode()).as(user).isEqualTo(200);
        }
        // Least privilege: the integrator maps substations; it sees the systems' status, not anyone's trades or results.
        assertThat(portal.get("/api/status", "integrator").statusCode()).isEqualTo(200);
        assertThat(portal.get("/api/intervals", "integrator").statusCode()).as("the market's aggregates are public to the roles").isEqualTo(200);
        for (String path : List.of("/api/intervals/" + settledWithTrades().getLast(), "/api/participants/P-002/trades", "/api/trades/1/proof")) {
            assertThat(portal.get(path, "integrator").statusCode()).as(path).isEqualTo(403);
        }
        JsonNode denied = body(portal.get("/api/participants/P-002/trades", "prosumer1"), 403);
        assertThat(denied.get("detail").asString()).isEqualTo("prosumer1 may see only participant P-001's data, not P-002's");
        body(portal.get("/api/participants/P-001/trades", "prosumer1"), 200);
        body(portal.get("/api/participants/P-002/trades", "regulator"), 200);

        // In an interval's detail a participant gets its own rows only.
        long id = settledWithTrades().getLast();
        JsonNode detail = body(portal.get("/api/intervals/" + id, "prosumer1"), 200);
        detail.get("trades").forEach(t -> assertThat(List.of(t.get("sellerId").asString(), t.get("buyerId").asString())).contains("P-001"));
        detail.get("participants").forEach(p -> assertThat(p.get("participantId").asString()).isEqualTo("P-001"));
        long other = jdbc.sql("SELECT min(id) FROM trades WHERE 'P-001' NOT IN (seller_id, buyer_id) AND interval_id = ?").param(id)
                .query(Long.class).single();
        assertThat(body(portal.get("/api/trades/" + other + "/proof", "prosumer1"), 403).get("detail").asString()).contains("trade " + other + " is not one");
    }

    @Test
    void withoutCredentialsOrWithWrongOnesTheApiSays401AndTheFailureIsAudited() throws Exception {
        JsonNode anonymous = body(portal.get("/api/intervals", null), 401);
        assertThat(anonymous.get("detail").asString()).contains("HTTP basic or an API token");
        HttpResponse<String> wrong = portal.send(HttpRequest.newBuilder(URI.create(portal.baseUrl + "/api/intervals"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("regulator:not-the-password".getBytes())), null);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'LOGIN_FAILED' AND actor = 'regulator'").query(Long.class).single()).isPositive();
        HttpResponse<String> badToken = portal.send(HttpRequest.newBuilder(URI.create(portal.baseUrl + "/api/intervals"))
                .header("Authorization", "Bearer gx_nonsense"), null);
        assertThat(badToken.statusCode()).isEqualTo(401);
        assertThat(badToken.body()).contains("bearer token is unknown");
    }

    @Test
    void anApiTokenActsAsItsUserUntilRevoked() throws Exception {
        HttpResponse<String> created = portal.send(HttpRequest.newBuilder(URI.create(portal.baseUrl + "/api/tokens"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"meter app\"}")), "prosumer1");
        String token = body(created, 201).get("token").asString();
        assertThat(token).startsWith("gx_");
        assertThat(bearer("/api/participants/P-001/trades", token).statusCode()).isEqualTo(200);
        assertThat(bearer("/api/participants/P-002/trades", token).statusCode()).isEqualTo(403);
        long tokenId = body(portal.get("/api/tokens", "prosumer1"), 200).get(0).get("id").asLong();
        assertThat(portal.send(HttpRequest.newBuilder(URI.create(portal.baseUrl + "/api/tokens/" + tokenId)).DELETE(), "prosumer1").statusCode()).isEqualTo(204);
        assertThat(bearer("/api/participants/P-001/trades", token).statusCode()).isEqualTo(401);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE actor = 'prosumer1' AND action IN ('API_TOKEN_CREATED', 'API_TOKEN_REVOKED')")
                .query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM api_tokens WHERE token_sha256 = sha256(convert_to(?, 'UTF8'))").param(token)
                .query(Long.class).single()).as("only the token's hash is stored").isEqualTo(1);
    }

    @Test
    void tokensCarryScopesExpireAreNeverMadeByATokenAndCanAllBeRevoked() throws Exception {
        String readOnly = body(postJson("/api/tokens", "{\"name\": \"dashboard script\"}", "prosumer2"), 201).get("token").asString();
        JsonNode trading = body(postJson("/api/tokens", "{\"name\": \"trading client\", \"scopes\": [\"read\", \"trade\"], \"expiresInDays\": 7}",
                "prosumer2"), 201);
        assertThat(trading.get("scopes").toString()).isEqualTo("[\"read\",\"trade\"]");
        String trader = trading.get("token").asString();

        // read: GETs only; trade: the participant's own writes; operate: only for the operators' roles.
        assertThat(bearer("/api/participants/P-002/trades", readOnly).statusCode()).isEqualTo(200);
        String forecast = "/api/participants/P-002/intervals/2030-01-01T00:00:00Z/forecast";
        assertThat(body(bearerPut(forecast, "{\"energyKwh\": \"1\"}", readOnly), 403).get("detail").asString())
                .contains("scopes [read] do not include trade");
        assertThat(bearerPut(forecast, "{\"energyKwh\": \"1\"}", trader).statusCode()).as("past the scope check").isNotIn(401, 403);
        assertThat(body(bearerPut("/api/settings/market-paused", "{\"paused\": true, \"reason\": \"x\"}", trader), 403).get("detail").asString())
                .contains("do not include operate");
        assertThat(body(postJson("/api/tokens", "{\"name\": \"x\", \"scopes\": [\"operate\"]}", "prosumer2"), 400).get("detail").asString())
                .contains("operate is for the operators' roles");
        assertThat(body(postJson("/api/tokens", "{\"name\": \"x\", \"expiresInDays\": 400}", "prosumer2"), 400).get("detail").asString())
                .contains("expiresInDays: between 1 and 365");
        assertThat(body(postJson("/api/tokens", "{\"name\": \"x\", \"scopes\": [\"admin\"]}", "prosumer2"), 400).get("detail").asString())
                .contains("unknown scope \"admin\"");

        // A token never mints another (it would outlive the first one's revocation).
        HttpResponse<String> minted = portal.send(HttpRequest.newBuilder(URI.create(portal.baseUrl + "/api/tokens")).header("Authorization", "Bearer " + trader)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"child\"}")), null);
        assertThat(body(minted, 403).get("detail").asString()).contains("made and revoked after signing in with a password");

        // An expired token is refused like a revoked one.
        jdbc.sql("UPDATE api_tokens SET created_at = now() - interval '10 days', expires_at = now() - interval '1 second' WHERE token_sha256 = sha256(convert_to(?, 'UTF8'))")
                .param(readOnly).update();
        assertThat(body(bearer("/api/participants/P-002/trades", readOnly), 401).get("detail").asString()).contains("expired");

        HttpResponse<String> all = portal.send(HttpRequest.newBuilder(URI.create(portal.baseUrl + "/api/tokens")).DELETE(), "prosumer2");
        assertThat(body(all, 200).get("revoked").asInt()).isEqualTo(2);
        assertThat(bearer("/api/participants/P-002/trades", trader).statusCode()).isEqualTo(401);
    }

    @Test
    void repeatedWrongPasswordsAreThrottledBeforeTheyCostAHashAndAreAuditedOnce() throws Exception {
        HttpResponse<String> last = null;
        for (int i = 0; i < 5; i++) {
            last = portal.send(HttpRequest.newBuilder(URI.create(portal.baseUrl + "/api/intervals")).header("Authorization", "Basic "
                    + java.util.Base64.getEncoder().encodeToString("mallory:guess".concat(Integer.toString(i)).getBytes(java.nio.charset.StandardCharsets.UTF_8))), null);
            assertThat(last.statusCode()).as("attempt %d", i + 1).isEqualTo(401);
        }
        HttpResponse<String> refused = portal.send(HttpRequest.newBuilder(URI.create(portal.baseUrl + "/api/intervals")).header("Authorization", "Basic "
                + java.util.Base64.getEncoder().encodeToString("mallory:guess5".getBytes(java.nio.charset.StandardCharsets.UTF_8))), null);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).get().satisfies(s -> assertThat(Long.parseLong(s)).isBetween(1L, 31L));
        assertThat(body(refused, 429).get("detail").asString()).startsWith("too many failed sign-ins for mallory: try again in");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE actor = 'mallory' AND action = 'LOGIN_FAILED'").query(Long.class).single()).isEqualTo(5);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE actor = 'mallory' AND action = 'LOGIN_THROTTLED'").query(Long.class).single()).isEqualTo(1);

        // A username of megabytes is refused before it is hashed or written anywhere.
        String huge = "x".repeat(100_000);
        HttpResponse<String> tooLong = portal.send(HttpRequest.newBuilder(URI.create(portal.baseUrl + "/api/intervals")).header("Authorization", "Basic "
                + java.util.Base64.getEncoder().encodeToString((huge + ":pw").getBytes(java.nio.charset.StandardCharsets.UTF_8))), null);
        assertThat(tooLong.statusCode()).isIn(400, 401, 431);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE length(actor) > 100").query(Long.class).single()).isZero();
    }

    @Test
    void onlyADispatcherClearsAnIntervalAgainAndOnlyAFailedOne() throws Exception {
        long settled = settledWithTrades().getLast();
        assertThat(postJson("/api/intervals/" + settled + "/clear-again", "{\"reason\": \"x\"}", "prosumer1").statusCode()).isEqualTo(403);
        assertThat(body(postJson("/api/intervals/" + settled + "/clear-again", "{\"reason\": \"try\"}", "dispatcher"), 409).get("detail").asString())
                .isEqualTo("interval " + settled + " is SETTLED: only a FAILED interval is cleared again");
        assertThat(body(postJson("/api/intervals/" + settled + "/clear-again", "{}", "dispatcher"), 400).get("detail").asString()).contains("reason");
        assertThat(postJson("/api/intervals/99999999/clear-again", "{\"reason\": \"x\"}", "dispatcher").statusCode()).isEqualTo(404);
    }

    @Test
    void theLoginFormNeedsItsCsrfTokenAndBehindTlsTheSessionCookieIsSecure() throws Exception {
        HttpClient noCookies = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> forged = noCookies.send(HttpRequest.newBuilder(URI.create(portal.baseUrl + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=dispatcher&password=" + TestPortal.PASSWORD)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(302);
        assertThat(forged.headers().firstValue("Location")).get().asString().as("a form from another site signs nobody in").endsWith("/login?error");

        HttpResponse<String> viaProxy = noCookies.send(HttpRequest.newBuilder(URI.create(portal.baseUrl + "/login")).header("X-Forwarded-Proto", "https").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(viaProxy.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("JSESSIONID=").contains("Secure").contains("HttpOnly"));
        HttpResponse<String> plain = noCookies.send(HttpRequest.newBuilder(URI.create(portal.baseUrl + "/login")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(plain.headers().allValues("Set-Cookie")).allSatisfy(c -> assertThat(c).doesNotContain("Secure"));
    }

    @Test
    void aParticipantStatesItsOwnPricesThroughTheApiAndBadOnesAreNamed() throws Exception {
        assertThat(body(put("/api/participants/P-001/prices", "{\"mode\": \"LIMITS\", \"minSellPrice\": \"0.555\", \"maxBuyPrice\": \"0.95\"}",
                "prosumer1"), 400).get("detail").asString()).isEqualTo("minSellPrice: RejectQuoteOffTheTick: quote 0.555 is not on the tick 0.01");
        assertThat(put("/api/participants/P-002/prices", "{\"mode\": \"AUTOMATIC\"}", "prosumer1").statusCode()).isEqualTo(403);
        JsonNode set = body(put("/api/participants/P-001/prices", "{\"mode\": \"LIMITS\", \"minSellPrice\": \"0.55\", \"maxBuyPrice\": \"0.95\", "
                + "\"schedule\": [{\"from\": \"17:00\", \"to\": \"21:00\", \"minSellPrice\": \"0.80\"}]}", "prosumer1"), 200);
        assertThat(set.get("mode").asString()).isEqualTo("LIMITS");
        assertThat(body(portal.get("/api/participants/P-001/prices", "prosumer1"), 200).get("schedule").get(0).get("from").asString()).isEqualTo("17:00");
        String past = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).minus(Duration.ofMinutes(10)).toString();
        assertThat(body(put("/api/participants/P-001/intervals/" + past + "/quote", "{\"minSellPrice\": \"0.60\"}", "prosumer1"), 409).get("detail").asString())
                .startsWith("RejectQuoteAfterGateClosure");
        body(put("/api/participants/P-001/prices", "{\"mode\": \"AUTOMATIC\"}", "prosumer1"), 200);
        assertThat(body(portal.get("/api/participants/P-001/prices/history?limit=5", "prosumer1"), 200).isArray()).isTrue();
    }

    @Test
    void aTradingClientFollowsItsOwnResultsAsServerSentEvents() throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(portal.baseUrl + "/api/participants/P-001/events")).header("Accept", "text/event-stream");
        assertThat(portal.send(HttpRequest.newBuilder(URI.create(portal.baseUrl + "/api/participants/P-002/events")), "prosumer1").statusCode())
                .as("only its own").isEqualTo(403);
        HttpResponse<java.util.stream.Stream<String>> stream = HttpClient.newHttpClient().send(request.header("Authorization", "Basic "
                + java.util.Base64.getEncoder().encodeToString(("prosumer1:" + TestPortal.PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).get().asString().startsWith("text/event-stream");
        java.util.Set<String> seen = new java.util.HashSet<>();
        java.util.List<String> data = new java.util.ArrayList<>();
        var reader = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            reader.submit(() -> {
                String event = null;
                for (String line : (Iterable<String>) stream.body()::iterator) {
                    if (line.startsWith("event:")) {
                        event = line.substring(6).strip();
                    } else if (line.startsWith("data:") && event != null) {
                        synchronized (seen) {
                            seen.add(event);
                            data.add(event + " " + line.substring(5).strip());
                        }
                        if (seen.containsAll(java.util.Set.of("hello", "opened", "cleared"))) {
                            return;
                        }
                    }
                }
            }).get(60, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            reader.shutdownNow();
        }
        assertThat(data).anySatisfy(d -> assertThat(d).startsWith("cleared {\"intervalId\":").contains("\"role\":").contains("\"clearingPrice\":"));
        assertThat(data).anySatisfy(d -> assertThat(d).startsWith("opened {\"intervalId\":").contains("\"gateClosure\":"));
    }

    @Test
    void theRegulatorReadsTheQueueWithEveryVerdictAndDecidesThroughTheApi() throws Exception {
        assertThat(portal.get("/api/applications", "prosumer1").statusCode()).isEqualTo(403);
        JsonNode queue = body(portal.get("/api/applications", "regulator"), 200);
        JsonNode tooLarge = null;
        for (JsonNode a : queue) {
            if (a.get("participantId").asString().equals("N-003")) {
                tooLarge = a;
            }
        }
        assertThat(tooLarge).as("N-003 is pending").isNotNull();
        assertThat(tooLarge.get("verdicts").toString()).contains("\"passed\":false");
        long id = tooLarge.get("id").asLong();
        assertThat(body(postJson("/api/applications/" + id + "/decision", "{\"decision\": \"MAYBE\", \"comment\": \"x\"}", "regulator"), 400)
                .get("detail").asString()).isEqualTo("decision: APPROVE or REJECT, got \"MAYBE\"");
        assertThat(body(postJson("/api/applications/" + id + "/decision", "{\"decision\": \"APPROVE\", \"comment\": \"looks fine\"}", "regulator"), 400)
                .get("detail").asString()).startsWith("application " + id + " cannot be approved: ");
        assertThat(postJson("/api/applications/" + id + "/decision", "{\"decision\": \"REJECT\", \"comment\": \"x\"}", "dispatcher").statusCode())
                .isEqualTo(403);
        JsonNode rejected = body(postJson("/api/applications/" + id + "/decision",
                "{\"decision\": \"REJECT\", \"comment\": \"250 kW is beyond the 0.4 kV limit\"}", "regulator"), 200);
        assertThat(rejected.get("decision").asString()).isEqualTo("REJECT");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'ENTRY_REJECTED' AND subject = 'participant:N-003'").query(Long.class).single())
                .isEqualTo(1);
        assertThat(body(postJson("/api/applications/" + id + "/decision", "{\"decision\": \"REJECT\", \"comment\": \"again\"}", "regulator"), 409)
                .get("detail").asString()).contains("is REJECTED already");
    }

    private HttpResponse<String> postJson(String path, String json, String user) throws Exception {
        return portal.send(HttpRequest.newBuilder(URI.create(portal.baseUrl + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), user);
    }

    private HttpResponse<String> bearerPut(String path, String json, String token) throws Exception {
        return portal.send(HttpRequest.newBuilder(URI.create(portal.baseUrl + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)), null);
    }

    private HttpResponse<String> bearer(String path, String token) throws Exception {
        return portal.send(HttpRequest.newBuilder(URI.create(portal.baseUrl + path)).header("Authorization", "Bearer " + token), null);
    }

    @Test
    void settingsChangeOnlyForDispatcherOrAdminWithAReasonAndAreAudited() throws Exception {
        String pause = "{\"paused\": true, \"reason\": \"feeder maintenance\"}";
        assertThat(put("/api/settings/market-paused", pause, "prosumer1").statusCode()).isEqualTo(403);
        assertThat(put("/api/settings/market-paused", pause, "regulator").statusCode()).isEqualTo(403);
        assertThat(body(put("/api/settings/market-paused", "{\"paused\": true}", "dispatcher"), 400).get("detail").asString()).contains("needs a reason");
        assertThat(body(put("/api/settings/market-paused", pause, "dispatcher"), 200).get("paused").asBoolean()).isTrue();
        await("the scheduler reports the pause", Duration.ofSeconds(10), () -> {
            try {
                return body(portal.get("/api/status", "dispatcher"), 200).get("components").get(3).get("facts").get("paused").asBoolean();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        body(put("/api/settings/market-paused", "{\"paused\": false, \"reason\": \"maintenance done\"}", "admin"), 200);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'SETTING_CHANGED' AND subject = 'setting:market.paused'")
                .query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT details->>'reason' FROM audit_log WHERE action = 'SETTING_CHANGED' AND actor = 'dispatcher'")
                .query(String.class).single()).isEqualTo("feeder maintenance");
    }

    private HttpResponse<String> put(String path, String body, String user) throws Exception {
        return portal.send(HttpRequest.newBuilder(URI.create(portal.baseUrl + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)), user);
    }

    @Test
    void everyApiErrorIsProblemJsonWithTheRightStatusNeverALoginPage() throws Exception {
        record Case(String what, HttpRequest.Builder request, int status, String detail) {
        }
        String base = portal.baseUrl;
        List<Case> cases = List.of(
                new Case("malformed JSON", HttpRequest.newBuilder(URI.create(base + "/api/settings/market-paused")).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"paused\": tru")), 400, ""),
                new Case("wrong content type", HttpRequest.newBuilder(URI.create(base + "/api/settings/market-paused")).header("Content-Type", "text/plain")
                        .PUT(HttpRequest.BodyPublishers.ofString("paused")), 415, "text/plain"),
                new Case("wrong method", HttpRequest.newBuilder(URI.create(base + "/api/intervals")).DELETE(), 405, "DELETE"),
                new Case("unknown path", HttpRequest.newBuilder(URI.create(base + "/api/no-such-thing")).GET(), 404, "no API at GET /api/no-such-thing"),
                new Case("offset beyond any list", HttpRequest.newBuilder(URI.create(base + "/api/intervals?page=2147483647&size=1000")).GET(), 400,
                        "beyond the end of any list"),
                new Case("a parameter of the wrong type", HttpRequest.newBuilder(URI.create(base + "/api/intervals?page=abc")).GET(), 400, ""),
                new Case("a NUL byte in a reason", HttpRequest.newBuilder(URI.create(base + "/api/settings/market-paused"))
                        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"paused\": false, \"reason\": \"a\\u0000b\"}")),
                        400, "reason: contains the control character U+0000"),
                new Case("a reason of 600 characters", HttpRequest.newBuilder(URI.create(base + "/api/settings/market-paused"))
                        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"paused\": false, \"reason\": \"" + "x".repeat(600) + "\"}")),
                        400, "reason: 600 characters, at most 500"));
        for (Case c : cases) {
            HttpResponse<String> r = portal.send(c.request(), "dispatcher");
            assertThat(r.statusCode()).as(c.what() + ": " + r.body()).isEqualTo(c.status());
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(c.what()).startsWith("application/problem+json");
            assertThat(body(r, c.status()).get("detail").asString()).as(c.what()).contains(c.detail());
        }
    }

    @Test
    void aParticipantSeesWhetherEachPartIsUpButNotTheOperatorsAddresses() throws Exception {
        HttpResponse<String> mine = portal.get("/api/status", "prosumer1");
        JsonNode status = body(mine, 200);
        assertThat(status.get("components")).isNotEmpty().allSatisfy(c -> assertThat(c.get("facts").isEmpty()).as(c.toString()).isTrue());
        assertThat(mine.body()).doesNotContain("rpcUrl", "http://127.0.0.1", "opc.tcp://", "settlementContract");
        assertThat(portal.get("/api/status", "dispatcher").body()).as("an operator still sees them").contains("rpcUrl");
    }

    @Test
    void everyResponseTellsTheBrowserNotToFrameSniffOrLeakTheReferrer() throws Exception {
        for (String path : List.of("/api/status", "/login")) {
            HttpResponse<String> r = portal.get(path, path.startsWith("/api") ? "dispatcher" : null);
            assertThat(r.headers().firstValue("Content-Security-Policy").orElse("")).as(path).contains("frame-ancestors 'none'");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(path).hasValue("strict-origin-when-cross-origin");
        }
    }

    @Test
    void theOpenApiDescriptionDocumentsTheApiAndIsPublic() throws Exception {
        JsonNode doc = body(portal.get("/v3/api-docs", null), 200);
        assertThat(doc.get("paths").propertyNames()).contains("/api/intervals", "/api/intervals/{id}", "/api/trades/{id}/proof", "/api/status",
                "/api/participants/{id}/intervals/{start}/forecast");
        assertThat(doc.get("components").get("securitySchemes").propertyNames()).contains("basic", "token");
    }

    @Test
    void theAuditChainStaysIntact() {
        assertThat(portal.bean(com.greenex.portal.audit.AuditLog.class).verify()).isEmpty();
    }

    private JsonNode body(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.uri() + ": " + r.body()).isEqualTo(status);
        return json.readTree(r.body());
    }
}
