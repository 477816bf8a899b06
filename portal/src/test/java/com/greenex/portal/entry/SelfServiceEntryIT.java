package com.greenex.portal.entry;

import com.greenex.portal.security.Users;
import com.greenex.portal.testing.TestPortal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Market entry, self-service, through the API a trading client uses: an applicant with no account
 * applies, sees every verdict at once, follows its application with the login it chose, corrects it,
 * the regulator approves, and the applicant signs in as a participant; withdrawal and re-application;
 * the participant's request to leave, reviewed the same way; every bad input a 400 naming the field,
 * with nothing written.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SelfServiceEntryIT {

    @TempDir
    static Path dir;
    private TestPortal portal;
    private JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    void start() {
        portal = TestPortal.plain(dir).withoutSchedule().with("greenex.entry.applications-per-hour", 100).start();
        jdbc = portal.jdbc();
        portal.bean(Users.class).save("regulator", "Regulator", TestPortal.PASSWORD, null, Set.of("REGULATOR"));
    }

    @AfterAll
    void stop() {
        portal.close();
    }

    private static String application(String username, String meter, boolean smart) {
        return """
                {"username": "%s", "password": "%s", "name": "Rooftop %s", "contact": "%s@example.org", "capacityKw": "8.5",
                 "voltageLevel": "0.4kV", "meters": [{"id": "%s", "smart": %s}], "batteryKwh": "13.5", "tradingClient": "GX Trader 2.1"}"""
                .formatted(username, TestPortal.PASSWORD, username, username, meter, smart);
    }

    private HttpResponse<String> send(String method, String path, String body, String user) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(portal.baseUrl + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return portal.send(r, user);
    }

    private JsonNode body(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.request().method() + " " + r.uri() + ": " + r.body()).isEqualTo(status);
        return json.readTree(r.body());
    }

    private static List<String> rules(JsonNode verdicts, boolean passed) {
        List<String> out = new ArrayList<>();
        verdicts.forEach(v -> {
            if (v.get("passed").asBoolean() == passed) {
                out.add(v.get("rule").asString());
            }
        });
        return out;
    }

    private long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }

    @Test
    void anApplicantAppliesSeesTheVerdictsCorrectsIsApprovedAndSignsInAsAParticipant() throws Exception {
        // No account: the application itself makes the login. The meter is not a smart one: the rules say so at once.
        JsonNode applied = body(send("POST", "/api/applications", application("sunny-roof", "M-SR-1", false), null), 201);
        long id = applied.get("id").asLong();
        String participant = applied.get("participantId").asString();
        assertThat(participant).matches("A-\\d{6}");
        assertThat(applied.get("status").asString()).isEqualTo("PENDING");
        assertThat(applied.get("rulesSay").asString()).isEqualTo("REJECTED");
        assertThat(rules(applied.get("verdicts"), false)).contains("RejectEntryWithoutSmartMeter");
        assertThat(rules(applied.get("verdicts"), true)).contains("TradingClientInstalled", "CapacityWithinLimit");
        assertThat(applied.toString()).doesNotContain(TestPortal.PASSWORD);
        assertThat(jdbc.sql("SELECT status FROM participants WHERE id = ?").param(participant).query(String.class).single()).isEqualTo("APPLIED");

        // The applicant follows it with its login, and sees only its own.
        JsonNode mine = body(portal.get("/api/applications/mine", "sunny-roof"), 200);
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).get("terms").get("contact").asString()).isEqualTo("sunny-roof@example.org");
        body(send("POST", "/api/applications", application("other-roof", "M-OR-1", true), null), 201);
        assertThat(body(portal.get("/api/applications/" + id, "other-roof"), 404).get("detail").asString()).contains("no application " + id);
        assertThat(portal.get("/api/participants/" + participant + "/prices", "sunny-roof").statusCode()).as("no market data before admission").isEqualTo(403);

        // It corrects the meter (a smart one after all): a new revision, judged again, now awaiting review.
        JsonNode corrected = body(send("PUT", "/api/applications/" + id, """
                {"name": "Rooftop sunny-roof", "contact": "+86 10 5555 0101", "capacityKw": "8.5", "voltageLevel": "0.4kV",
                 "meters": [{"id": "M-SR-1", "smart": true}], "batteryKwh": "13.5", "tradingClient": "GX Trader 2.1"}""", "sunny-roof"), 200);
        assertThat(corrected.get("id").asLong()).isEqualTo(id);
        assertThat(corrected.get("revision").asInt()).isEqualTo(2);
        assertThat(corrected.get("rulesSay").asString()).isEqualTo("AWAITING_REVIEW");
        assertThat(rules(corrected.get("verdicts"), false)).containsExactly("HoldEntryUntilRegulatorReview");

        // The regulator sees it in its queue with what the applicant stated, and approves it.
        JsonNode queue = body(portal.get("/api/applications", "regulator"), 200);
        JsonNode queued = null;
        for (JsonNode a : queue) {
            if (a.get("id").asLong() == id) {
                queued = a;
            }
        }
        assertThat(queued).as("application " + id + " in the queue " + queue).isNotNull();
        assertThat(queued.get("contact").asString()).isEqualTo("+86 10 5555 0101");
        assertThat(queued.get("meters").asString()).isEqualTo("M-SR-1");
        assertThat(queued.get("smartMeter").asBoolean()).isTrue();
        assertThat(queued.get("revision").asInt()).isEqualTo(2);
        assertThat(body(send("POST", "/api/applications/" + id + "/decision", "{\"decision\": \"APPROVE\", \"comment\": \"meter and inverter checked\"}",
                "regulator"), 200).get("outcome").asString()).isEqualTo("ADMITTED");
        assertThat(body(send("POST", "/api/applications/" + id + "/decision", "{\"decision\": \"REJECT\", \"comment\": \"again\"}", "regulator"), 409)
                .get("detail").asString()).isEqualTo("application " + id + " is APPROVED already");

        // The new participant signs in as one: its own market data, the decision with the regulator's comment.
        assertThat(body(portal.get("/api/participants/" + participant + "/prices", "sunny-roof"), 200).get("mode").asString()).isEqualTo("AUTOMATIC");
        JsonNode decided = body(portal.get("/api/applications/" + id, "sunny-roof"), 200);
        assertThat(decided.get("status").asString()).isEqualTo("APPROVED");
        assertThat(decided.get("decision").get("comment").asString()).isEqualTo("meter and inverter checked");
        assertThat(jdbc.sql("SELECT role FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.username = 'sunny-roof'").query(String.class).list())
                .containsExactly("PARTICIPANT");
        assertThat(jdbc.sql("SELECT action FROM audit_log WHERE subject = ? ORDER BY seq").param("participant:" + participant).query(String.class).list())
                .containsExactly("ENTRY_APPLIED", "ENTRY_REVISED", "ENTRY_APPROVED");

        // And asks to leave, reviewed the same way: the rules delist on request, the regulator rejects once, then approves.
        JsonNode asked = body(send("POST", "/api/participants/" + participant + "/delisting-requests", "{\"reason\": \"moving house\"}", "sunny-roof"), 201);
        assertThat(asked.get("status").asString()).isEqualTo("PENDING");
        assertThat(rules(asked.get("verdicts"), false)).containsExactly("DelistOnRequest");
        assertThat(body(send("POST", "/api/participants/" + participant + "/delisting-requests", "{\"reason\": \"twice\"}", "sunny-roof"), 409)
                .get("detail").asString()).contains("has a request to leave open already");
        assertThat(body(send("POST", "/api/participants/" + participant + "/delisting-requests", "{\"reason\": \"not mine\"}", "other-roof"), 403)
                .get("detail").asString()).isNotBlank();
        long request = asked.get("id").asLong();
        assertThat(body(portal.get("/api/delisting-requests", "regulator"), 200).findValues("id").stream().map(JsonNode::asLong).toList()).contains(request);
        assertThat(body(send("POST", "/api/delisting-requests/" + request + "/decision", "{\"decision\": \"REJECT\", \"comment\": \"settle the open bill first\"}",
                "regulator"), 200).get("status").asString()).isEqualTo("REJECTED");
        assertThat(jdbc.sql("SELECT status FROM participants WHERE id = ?").param(participant).query(String.class).single()).isEqualTo("ADMITTED");
        long again = body(send("POST", "/api/participants/" + participant + "/delisting-requests", "{\"reason\": \"moved house\"}", "sunny-roof"), 201)
                .get("id").asLong();
        JsonNode left = body(send("POST", "/api/delisting-requests/" + again + "/decision", "{\"decision\": \"APPROVE\", \"comment\": \"bill settled\"}",
                "regulator"), 200);
        assertThat(left.get("status").asString()).isEqualTo("APPROVED");
        assertThat(rules(left.get("verdicts"), false)).containsExactly("DelistOnRequest");
        assertThat(jdbc.sql("SELECT status FROM participants WHERE id = ?").param(participant).query(String.class).single()).isEqualTo("DELISTED");
        assertThat(jdbc.sql("SELECT cause FROM delistings WHERE participant_id = ?").param(participant).query(String.class).single()).isEqualTo("REQUESTED");
        assertThat(body(portal.get("/api/participants/" + participant + "/delisting-requests", "sunny-roof"), 200)).hasSize(2);
        assertThat(jdbc.sql("SELECT action FROM audit_log WHERE subject = ? AND action LIKE 'DELIST%' ORDER BY seq").param("participant:" + participant)
                .query(String.class).list()).containsExactly("DELISTING_REQUESTED", "DELISTING_REQUEST_REJECTED", "DELISTING_REQUESTED", "DELISTED");
    }

    @Test
    void anApplicantWithdrawsAppliesAgainAndCannotTakeAUsernameOrAMeterThatIsTaken() throws Exception {
        JsonNode applied = body(send("POST", "/api/applications", application("shy-roof", "M-SH-1", true), null), 201);
        long id = applied.get("id").asLong();
        String participant = applied.get("participantId").asString();
        assertThat(body(send("POST", "/api/applications/" + id + "/withdraw", null, "shy-roof"), 200).get("status").asString()).isEqualTo("WITHDRAWN");
        assertThat(jdbc.sql("SELECT status FROM participants WHERE id = ?").param(participant).query(String.class).single()).isEqualTo("WITHDRAWN");
        assertThat(body(send("POST", "/api/applications/" + id + "/withdraw", null, "shy-roof"), 409).get("detail").asString())
                .contains("only a pending application can be withdrawn");
        assertThat(body(portal.get("/api/applications", "regulator"), 200).findValues("id").stream().map(JsonNode::asLong).toList()).doesNotContain(id);

        // Applying again: a new application for the same participant, pending once more.
        HttpResponse<String> r = send("PUT", "/api/applications/" + id, """
                {"name": "Shy roof", "contact": "shy@example.org", "capacityKw": "5", "voltageLevel": "0.4kV",
                 "meters": [{"id": "M-SH-1", "smart": true}], "tradingClient": "GX Trader 2.1"}""", "shy-roof");
        JsonNode again = body(r, 201);
        assertThat(r.headers().firstValue("Location")).hasValue("/api/applications/" + again.get("id").asLong());
        assertThat(again.get("id").asLong()).isGreaterThan(id);
        assertThat(again.get("participantId").asString()).isEqualTo(participant);
        assertThat(again.get("status").asString()).isEqualTo("PENDING");
        assertThat(again.get("terms").get("batteryKwh").isNull()).isTrue();
        assertThat(jdbc.sql("SELECT status FROM participants WHERE id = ?").param(participant).query(String.class).single()).isEqualTo("APPLIED");
        assertThat(body(send("PUT", "/api/applications/" + id, """
                {"name": "Shy roof", "contact": "shy@example.org", "capacityKw": "5", "voltageLevel": "0.4kV",
                 "meters": [{"id": "M-SH-1", "smart": true}]}""", "shy-roof"), 409).get("detail").asString()).contains("followed by a newer one");

        // A username or a meter someone else holds: refused, naming the field, nothing written.
        long participants = count("participants");
        long users = count("users");
        assertThat(body(send("POST", "/api/applications", application("shy-roof", "M-OTHER", true), null), 409).get("detail").asString())
                .isEqualTo("username: \"shy-roof\" is taken; choose another");
        assertThat(body(send("POST", "/api/applications", application("copycat", "M-SH-1", true), null), 409).get("detail").asString())
                .isEqualTo("meters: meter M-SH-1 is registered to another participant or claimed in another application");
        assertThat(count("participants")).isEqualTo(participants);
        assertThat(count("users")).isEqualTo(users);
    }

    @Test
    void ofSeveralMetersTheVerdictNamesTheOneThatIsNotSmart() throws Exception {
        JsonNode applied = body(send("POST", "/api/applications", application("two-meters", "M-TM-1", true)
                .replace("[{\"id\": \"M-TM-1\", \"smart\": true}]", "[{\"id\": \"M-TM-1\", \"smart\": true}, {\"id\": \"M-TM-2\", \"smart\": false}]"), null), 201);
        assertThat(applied.get("terms").get("meters")).hasSize(2);
        JsonNode refusal = null;
        for (JsonNode v : applied.get("verdicts")) {
            if (v.get("rule").asString().equals("RejectEntryWithoutSmartMeter")) {
                refusal = v;
            }
        }
        assertThat(refusal).as(applied.toString()).isNotNull();
        assertThat(refusal.get("reason").asString()).isEqualTo("meter M-TM-2 is not a smart meter");
    }

    @Test
    void badInputIsA400NamingTheFieldAndNothingIsWritten() throws Exception {
        record Case(String body, String detail) {
        }
        String ok = application("careful-roof", "M-CR-1", true);
        List<Case> cases = List.of(
                new Case(ok.replace("\"capacityKw\": \"8.5\",", ""), "capacityKw: missing (the installed capacity in kW)"),
                new Case(ok.replace("\"8.5\"", "\"-1\""), "capacityKw: -1 is not a capacity (more than 0, at most 1000000 kW, 3 decimals)"),
                new Case(ok.replace("\"8.5\"", "\"lots\""), "capacityKw: "),
                new Case(ok.replace("capacityKw", "capacityKW"), "capacityKW: no such field"),
                new Case(ok.replace(", \"smart\": true", ""), "meters[0].smart: missing (true for a smart meter, false otherwise)"),
                new Case(ok.replace("\"M-CR-1\"", "\"M CR 1\""), "meters[0].id: \"M CR 1\" is not a meter id (1-64 letters, digits, . _ -)"),
                new Case(ok.replace("[{\"id\": \"M-CR-1\", \"smart\": true}]", "[]"), "meters: missing (at least one meter id, with whether it is a smart meter)"),
                new Case(ok.replace("[{\"id\": \"M-CR-1\", \"smart\": true}]", "[{\"id\": \"M-1\", \"smart\": true}, {\"id\": \"M-1\", \"smart\": true}]"),
                        "meters[1].id: meter M-1 is stated twice"),
                new Case(ok.replace("\"13.5\"", "\"-2\""), "batteryKwh: -2 is not a battery capacity"),
                new Case(ok.replace("\"contact\": \"careful-roof@example.org\",", ""), "contact: missing"),
                new Case(ok.replace("Rooftop careful-roof", "a\\u0000b"), "name: contains the control character U+0000"),
                new Case(ok.replace(TestPortal.PASSWORD, "short"), "password: at least 12 characters"),
                new Case(ok.replace("\"careful-roof\"", "\"a b\""), "username: 3-64 letters, digits or . _ @ -, got \"a b\""),
                new Case("{\"username\": ", "the request body is not the JSON expected"));
        long participants = count("participants");
        long users = count("users");
        long applications = count("market_entry_applications");
        for (Case c : cases) {
            HttpResponse<String> r = send("POST", "/api/applications", c.body(), null);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(c.detail()).startsWith("application/problem+json");
            assertThat(body(r, 400).get("detail").asString()).as(c.body()).startsWith(c.detail());
        }
        assertThat(count("participants")).isEqualTo(participants);
        assertThat(count("users")).isEqualTo(users);
        assertThat(count("market_entry_applications")).isEqualTo(applications);
        // The same rules for a decision: a missing or unknown decision, a missing comment.
        assertThat(body(send("POST", "/api/applications/1/decision", "{\"decision\": \"MAYBE\", \"comment\": \"x\"}", "regulator"), 400)
                .get("detail").asString()).isEqualTo("decision: APPROVE or REJECT, got \"MAYBE\"");
        assertThat(body(send("POST", "/api/delisting-requests/999999/decision", "{\"decision\": \"REJECT\"}", "regulator"), 400)
                .get("detail").asString()).isEqualTo("comment: missing");
        assertThat(body(send("POST", "/api/delisting-requests/999999/decision", "{\"decision\": \"REJECT\", \"comment\": \"x\"}", "regulator"), 404)
                .get("detail").asString()).isEqualTo("no request to leave 999999");
    }
}
