package com.greenex.portal.certificates;

import com.greenex.portal.market.IntervalState;
import com.greenex.portal.testing.TestPortal;
import com.greenex.portal.trades.ChainConfiguration;
import com.greenex.settlement.contracts.GreenCertificates;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static com.greenex.portal.testing.TestPortal.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Green certificates through the portal's API, on the development chain (anvil) and the embedded
 * PostgreSQL: received, shown with their provenance, transferred, retired, revoked, refused with
 * problem JSON naming why (nothing changed on chain or in the database), the regulator's summary;
 * and the emissions report for a constructed period, checked against figures computed by hand, as
 * JSON, CSV and PDF (read back with PDFBox).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CertificatesIT {

    @TempDir
    static Path dir;
    TestPortal portal;
    JdbcClient jdbc;
    GreenCertificates chain;
    Certificates certificates;
    final JsonMapper json = JsonMapper.builder().build();
    final List<Long> serials = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        portal = TestPortal.demo(dir).interval(Duration.ofSeconds(5)).start();
        jdbc = portal.jdbc();
        chain = portal.bean(ChainConfiguration.Contracts.class).certificates();
        certificates = portal.bean(Certificates.class);
        // The market runs first: a past interval made before its first one would read as a long stop of the market.
        portal.awaitSettledIntervalsWithTrades(1);
        // P-001 bought 3,000 kWh from P-003 in a past interval: three certificates of 1,000 kWh, issued on chain by the heartbeat.
        long interval = portal.pastPurchase("P-003", "P-001", new BigDecimal("3000"), Instant.parse("2026-02-01T00:00:00Z"));
        await("three certificates issued on chain to P-001", Duration.ofSeconds(90), () -> jdbc.sql("""
                SELECT count(DISTINCT c.id) FROM green_certificates c JOIN certificate_sources s ON s.certificate_id = c.id JOIN trades t ON t.id = s.trade_id
                 WHERE t.interval_id = ? AND c.tx_hash IS NOT NULL""").param(interval).query(Long.class).single() >= 3);
        serials.addAll(jdbc.sql("""
                SELECT DISTINCT c.token_serial FROM green_certificates c JOIN certificate_sources s ON s.certificate_id = c.id JOIN trades t ON t.id = s.trade_id
                 WHERE t.interval_id = ? ORDER BY 1""").param(interval).query(Long.class).list());
    }

    @AfterAll
    void stop() {
        if (portal != null) {
            portal.close();
        }
    }

    private HttpResponse<String> post(String path, String user, String body) throws Exception {
        return portal.send(HttpRequest.newBuilder(URI.create(portal.baseUrl + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), user);
    }

    private JsonNode body(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.uri() + ": " + r.body()).isEqualTo(status);
        return json.readTree(r.body());
    }

    private String account(String participant) {
        return jdbc.sql("SELECT address FROM participant_accounts WHERE participant_id = ?").param(participant).query(String.class).single();
    }

    private BigInteger balance(String participant, long serial) throws Exception {
        return chain.balanceOf(account(participant), BigInteger.valueOf(serial)).send();
    }

    private String state(long serial) {
        return jdbc.sql("SELECT status || ' ' || coalesce(owner_id, holder_address) FROM green_certificates WHERE token_serial = ?").param(serial)
                .query(String.class).single();
    }

    private void agree(long serial) {
        assertThat(certificates.disagreement(serial)).as("chain and database of certificate " + serial).isNull();
    }

    private String claim(String beneficiary, LocalDate from, LocalDate to) {
        return "{\"beneficiary\": \"" + beneficiary + "\", \"purpose\": \"Scope 2 report 2026\", \"periodFrom\": \"" + from + "\", \"periodTo\": \"" + to + "\"}";
    }

    @Test
    void aParticipantReceivesSeesTheProvenanceTransfersAndRetiresItsCertificatesAndTheRegulatorRevokesOne() throws Exception {
        assertThat(serials).hasSize(3);
        long toTransfer = serials.get(0);
        long toRetire = serials.get(1);
        long toRevoke = serials.get(2);

        // Received: listed with their size and validity; the provenance names the trade, its interval and seller, and its proof verifies on chain.
        JsonNode mine = body(portal.get("/api/participants/P-001/certificates", "prosumer1"), 200);
        List<Long> listed = new ArrayList<>();
        mine.get("items").forEach(c -> listed.add(c.get("serial").asLong()));
        assertThat(listed).containsAll(serials);
        assertThat(mine.get("total").asLong()).isGreaterThanOrEqualTo(3);
        JsonNode detail = body(portal.get("/api/certificates/" + toTransfer, "prosumer1"), 200);
        assertThat(detail.get("status").asString()).isEqualTo("ISSUED");
        assertThat(new BigDecimal(detail.get("energyKwh").asString())).isEqualByComparingTo("1000");
        assertThat(Instant.parse(detail.get("expiresAt").asString())).isAfter(Instant.now().plus(Duration.ofDays(364)));
        JsonNode source = detail.get("sources").get(detail.get("sources").size() - 1);
        assertThat(source.get("sellerId").asString()).isEqualTo("P-003");
        JsonNode proof = body(portal.get(source.get("proof").asString(), "prosumer1"), 200);
        assertThat(proof.get("verifiedOnChain").asBoolean()).isTrue();
        assertThat(detail.get("events").get(0).get("kind").asString()).isEqualTo("ISSUED");
        // Another participant does not see it.
        assertThat(portal.get("/api/certificates/" + toTransfer, "prosumer2").statusCode()).isEqualTo(403);
        assertThat(portal.get("/api/participants/P-001/certificates", "prosumer2").statusCode()).isEqualTo(403);

        // Transfer to P-002: on chain and in the database.
        JsonNode moved = body(post("/api/certificates/" + toTransfer + "/transfer", "prosumer1", "{\"toParticipant\": \"P-002\"}"), 200);
        assertThat(moved.get("status").asString()).isEqualTo("TRANSFERRED");
        assertThat(balance("P-002", toTransfer)).isEqualTo(BigInteger.ONE);
        assertThat(balance("P-001", toTransfer)).isZero();
        assertThat(state(toTransfer)).isEqualTo("TRANSFERRED P-002");
        agree(toTransfer);
        // P-002 sees it now, with its history; P-001 does not hold it any more: 409, nothing changed.
        List<String> kinds = new ArrayList<>();
        body(portal.get("/api/certificates/" + toTransfer, "prosumer2"), 200).get("events").forEach(e -> kinds.add(e.get("kind").asString()));
        assertThat(kinds).containsExactly("ISSUED", "TRANSFERRED");
        JsonNode notHeld = body(post("/api/certificates/" + toTransfer + "/transfer", "prosumer1", "{\"toParticipant\": \"P-004\"}"), 409);
        assertThat(notHeld.get("detail").asString()).isEqualTo("P-001 does not hold certificate " + toTransfer);
        assertThat(state(toTransfer)).isEqualTo("TRANSFERRED P-002");
        agree(toTransfer);

        // Bad transfers: 400 naming why.
        assertThat(body(post("/api/certificates/" + toRetire + "/transfer", "prosumer1", "{\"toAddress\": \"0x" + "ab".repeat(20) + "\"}"), 400)
                .get("detail").asString()).contains("not allowed here");
        assertThat(body(post("/api/certificates/" + toRetire + "/transfer", "prosumer1", "{\"toParticipant\": \"P-999\"}"), 400)
                .get("detail").asString()).isEqualTo("to: no participant P-999");
        assertThat(body(post("/api/certificates/" + toRetire + "/transfer", "prosumer1", "{}"), 400).get("detail").asString())
                .isEqualTo("give exactly one of toParticipant and toAddress");
        assertThat(body(post("/api/certificates/" + toRetire + "/transfer", "prosumer1", "{\"to\": \"P-002\"}"), 400).get("detail").asString())
                .startsWith("to: no such field");
        assertThat(post("/api/certificates/987654/transfer", "prosumer1", "{\"toParticipant\": \"P-002\"}").statusCode()).isEqualTo(404);

        // Retire: an empty beneficiary and a period in the future are refused, then the claim is made once.
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate lastMonth = today.minusMonths(1);
        assertThat(body(post("/api/certificates/" + toRetire + "/retire", "prosumer1", claim("", lastMonth.withDayOfMonth(1), lastMonth)), 400)
                .get("detail").asString()).isEqualTo("beneficiary: required, and not blank");
        assertThat(body(post("/api/certificates/" + toRetire + "/retire", "prosumer1", claim("Li", today, today.plusDays(10))), 400)
                .get("detail").asString()).startsWith("periodTo: a claim covers consumption that happened");
        assertThat(body(post("/api/certificates/" + toRetire + "/retire", "prosumer1",
                "{\"beneficiary\": \"Li\", \"purpose\": \"x\", \"periodFrom\": \"last month\", \"periodTo\": \"2026-01-31\"}"), 400)
                .get("detail").asString()).startsWith("periodFrom:");
        assertThat(state(toRetire)).isEqualTo("ISSUED P-001");
        agree(toRetire);
        JsonNode retired = body(post("/api/certificates/" + toRetire + "/retire", "prosumer1",
                claim("李记面包 Bakery Li", lastMonth.withDayOfMonth(1), lastMonth.withDayOfMonth(lastMonth.lengthOfMonth()))), 200);
        assertThat(retired.get("status").asString()).isEqualTo("RETIRED");
        assertThat(chain.retired(BigInteger.valueOf(toRetire)).send()).isTrue();
        var claimed = GreenCertificates.getCertificateRetiredEvents(portal.bean(org.web3j.protocol.Web3j.class)
                .ethGetTransactionReceipt(retired.get("txHash").asString()).send().getTransactionReceipt().orElseThrow());
        assertThat(claimed).singleElement().satisfies(e -> assertThat(e.beneficiary).isEqualTo("李记面包 Bakery Li"));
        agree(toRetire);
        assertThat(body(post("/api/certificates/" + toRetire + "/retire", "prosumer1", claim("Li", lastMonth, lastMonth)), 409)
                .get("detail").asString()).contains("is retired");

        // Revoke: the regulator only, with a reason; a revoked certificate cannot be retired.
        assertThat(post("/api/certificates/" + toRevoke + "/revoke", "prosumer1", "{\"reason\": \"mine\"}").statusCode()).isEqualTo(403);
        assertThat(body(post("/api/certificates/" + toRevoke + "/revoke", "regulator", "{\"reason\": \" \"}"), 400).get("detail").asString())
                .isEqualTo("reason: required, and not blank");
        JsonNode revoked = body(post("/api/certificates/" + toRevoke + "/revoke", "regulator", "{\"reason\": \"meter M-003 read ten times too much\"}"), 200);
        assertThat(revoked.get("status").asString()).isEqualTo("REVOKED");
        assertThat(chain.revoked(BigInteger.valueOf(toRevoke)).send()).isTrue();
        agree(toRevoke);
        assertThat(body(post("/api/certificates/" + toRevoke + "/retire", "prosumer1", claim("Li", lastMonth, lastMonth)), 409)
                .get("detail").asString()).contains("was revoked").contains("meter M-003 read ten times too much");
        agree(toRevoke);

        // Every change is audited.
        assertThat(jdbc.sql("SELECT string_agg(action, ',' ORDER BY seq) FROM audit_log WHERE action LIKE 'CERTIFICATE_%'").query(String.class).single())
                .isEqualTo("CERTIFICATE_TRANSFERRED,CERTIFICATE_RETIRED,CERTIFICATE_REVOKED");

        // The regulator's summary of this month.
        JsonNode summary = body(portal.get("/api/certificates/summary?from=" + today.withDayOfMonth(1) + "&to=" + today.plusDays(1), "regulator"), 200);
        JsonNode month = summary.get(summary.size() - 1);
        assertThat(month.get("month").asString()).isEqualTo(today.toString().substring(0, 7));
        assertThat(month.get("issued").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(month.get("transferred").asLong()).isEqualTo(1);
        assertThat(month.get("retired").asLong()).isEqualTo(1);
        assertThat(month.get("revoked").asLong()).isEqualTo(1);
        assertThat(portal.get("/api/certificates/summary?from=2026-01-01&to=2026-02-01", "prosumer1").statusCode()).isEqualTo(403);
        assertThat(body(portal.get("/api/certificates/summary?from=2026-03-01&to=2026-02-01", "regulator"), 400).get("detail").asString())
                .contains("must end after it starts");
    }

    /**
     * January 2026, constructed for P-004: it bought 30 kWh in the market, took 5 kWh from its battery and
     * 20 kWh from the grid, sold 8 kWh; it retired two certificates of 10 kWh for January (a third, for
     * February, does not count). By hand, with the configured factors 0.5366 (grid average) and 0.6205
     * (residual mix) kg CO2/kWh:
     * consumption 30 + 5 + 20 = 55 kWh; purchased 30 + 20 = 50 kWh; certified min(20, 50) = 20 kWh;
     * location-based 50 × 0.5366 = 26.830 kg; market-based (50 − 20) × 0.6205 = 18.615 kg;
     * market share 30 / 55 = 54.5 %; certified share 20 / 55 = 36.4 %; avoided 8 × 0.5366 = 4.2928 → 4.293 kg.
     */
    @Test
    void theEmissionsReportOfAConstructedMonthIsWhatTheHandComputesAsJsonCsvAndPdf() throws Exception {
        Instant jan10 = Instant.parse("2026-01-10T02:00:00Z");
        long bought = portal.data().interval(jan10, jan10.plusSeconds(900), IntervalState.SETTLED);
        long sold = portal.data().interval(jan10.plusSeconds(900), jan10.plusSeconds(1800), IntervalState.SETTLED);
        for (long i : List.of(bought, sold)) {
            jdbc.sql("""
                    INSERT INTO clearing_results (interval_id, market_type, supply_kwh, demand_kwh, clearing_price, rounds, method, equilibrium,
                                                  grid_feed_in_price, grid_retail_price, price_tick)
                    VALUES (?, 'SELLERS_MARKET', 30, 50, 0.9, 1, 'PAPER_ITERATION', 'VERIFIED', 0.4, 1.1, 0.01)""").param(i).update();
        }
        jdbc.sql("INSERT INTO trades (interval_id, seq, seller_id, buyer_id, energy_kwh, price, amount) VALUES (?, 0, 'P-005', 'P-004', 30, 0.9, 27)")
                .param(bought).update();
        jdbc.sql("INSERT INTO trades (interval_id, seq, seller_id, buyer_id, energy_kwh, price, amount) VALUES (?, 0, 'P-004', 'P-006', 8, 0.9, 7.2)")
                .param(sold).update();
        jdbc.sql("INSERT INTO grid_exchanges (interval_id, participant_id, direction, energy_kwh, price, amount) VALUES (?, 'P-004', 'IMPORT', 20, 1.1, 22)")
                .param(bought).update();
        String battery = jdbc.sql("SELECT id FROM batteries WHERE participant_id = 'P-004'").query(String.class).single();
        jdbc.sql("""
                INSERT INTO battery_dispatch (interval_id, battery_id, participant_id, direction, energy_kwh, soc_before_percent, soc_after_percent)
                VALUES (?, ?, 'P-004', 'DISCHARGE', 5, 60, 50)""").params(bought, battery).update();
        for (Object[] c : List.of(new Object[] {900_001L, "2026-01-01", "2026-01-31"}, new Object[] {900_002L, "2026-01-05", "2026-01-20"},
                new Object[] {900_003L, "2026-02-01", "2026-02-28"})) {
            jdbc.sql("""
                    INSERT INTO green_certificates (token_serial, owner_id, issued_to_id, energy_kwh, status, issued_at, expires_at, retired_at, retired_by,
                                                    beneficiary, purpose, period_from, period_to, tx_hash)
                    VALUES (?, 'P-004', 'P-004', 10, 'RETIRED', '2026-03-01', '2027-03-01', '2026-03-02', 'prosumer4', 'P-004', 'Scope 2', ?::date, ?::date,
                            decode(repeat('ab', 32), 'hex'))""")
                    .params(c[0], c[1], c[2]).update();
        }

        String path = "/api/participants/P-004/emissions?from=2026-01-01&to=2026-01-31";
        JsonNode r = body(portal.get(path, "regulator"), 200);
        assertThat(new BigDecimal(r.get("consumptionKwh").asString())).isEqualByComparingTo("55");
        assertThat(new BigDecimal(r.get("purchasedKwh").asString())).isEqualByComparingTo("50");
        assertThat(new BigDecimal(r.get("marketKwh").asString())).isEqualByComparingTo("30");
        assertThat(new BigDecimal(r.get("storageKwh").asString())).isEqualByComparingTo("5");
        assertThat(new BigDecimal(r.get("gridKwh").asString())).isEqualByComparingTo("20");
        assertThat(r.get("certificatesRetired").asLong()).isEqualTo(2);
        assertThat(new BigDecimal(r.get("certifiedKwh").asString())).isEqualByComparingTo("20");
        assertThat(new BigDecimal(r.get("locationBasedKg").asString())).isEqualByComparingTo("26.830");
        assertThat(new BigDecimal(r.get("marketBasedKg").asString())).isEqualByComparingTo("18.615");
        assertThat(new BigDecimal(r.get("marketSharePercent").asString())).isEqualByComparingTo("54.5");
        assertThat(new BigDecimal(r.get("certifiedSharePercent").asString())).isEqualByComparingTo("36.4");
        assertThat(new BigDecimal(r.get("soldKwh").asString())).isEqualByComparingTo("8");
        assertThat(new BigDecimal(r.get("avoidedKg").asString())).isEqualByComparingTo("4.293");
        assertThat(r.get("locationSource").asString()).contains("2022");
        List<Long> counted = new ArrayList<>();
        r.get("retiredSerials").forEach(n -> counted.add(n.asLong()));
        assertThat(counted).containsExactly(900_001L, 900_002L);

        HttpResponse<String> csv = portal.send(HttpRequest.newBuilder(URI.create(portal.baseUrl + path)).header("Accept", "text/csv").GET(), "regulator");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body()).contains("scope2_location_based,26.83,kg CO2\r\n").contains("scope2_market_based,18.615,kg CO2\r\n")
                .contains("consumption_total,55,kWh\r\n").contains("certificates_retired,2,count\r\n");

        HttpResponse<byte[]> pdf = portal.sendBytes(HttpRequest.newBuilder(URI.create(portal.baseUrl + path)).header("Accept", "application/pdf").GET(),
                "regulator");
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Disposition").orElseThrow()).contains("greenex-P-004-emissions-2026-01-01-2026-01-31.pdf");
        try (PDDocument doc = Loader.loadPDF(pdf.body())) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("范围二排放报告").contains("基于市场的排放").contains("P-004").contains("2026-01-01 – 2026-01-31")
                    .contains("26.83").contains("18.615").contains("4.293").contains("MEE & NBS");
        }

        // A participant gets its own report only; bad periods are named.
        assertThat(portal.get(path, "prosumer1").statusCode()).isEqualTo(403);
        assertThat(body(portal.get("/api/participants/P-004/emissions?from=2026-02-01&to=2026-01-31", "regulator"), 400).get("detail").asString())
                .isEqualTo("to: the period ends (2026-01-31) before it starts (2026-02-01)");
        LocalDate future = LocalDate.now(ZoneOffset.UTC).plusDays(3);
        assertThat(body(portal.get("/api/participants/P-004/emissions?from=" + future + "&to=" + future.plusDays(1), "regulator"), 400)
                .get("detail").asString()).isEqualTo("from: the period has not started yet (" + future + ")");
        assertThat(portal.get("/api/participants/P-004/emissions?from=2026-01-01", "regulator").statusCode()).isEqualTo(400);
        assertThat(portal.get("/api/participants/NOBODY/emissions?from=2026-01-01&to=2026-01-31", "regulator").statusCode()).isEqualTo(404);
    }
}
