package com.greenex.portal.ui;

import com.github.mvysny.fakeservlet.FakeRequest;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.Routes;
import com.github.mvysny.kaributesting.v10.spring.MockSpringServlet;
import com.greenex.portal.RunningPortal;
import com.greenex.portal.query.TradeRow;
import com.greenex.portal.security.GreenexUser;
import com.greenex.portal.security.Users;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasText;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.TextArea;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static com.github.mvysny.kaributesting.v10.GridKt._get;
import static com.github.mvysny.kaributesting.v10.GridKt._getFormattedRow;
import static com.github.mvysny.kaributesting.v10.GridKt._size;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every view, browser-less (Karibu-Testing), built by Spring from the running application's beans
 * and data: a real market with settled intervals, the demo's entry queue, the dev chain.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ViewsIT {

    @TempDir
    static Path dir;
    RunningPortal portal;
    JdbcClient jdbc;
    Routes routes;

    @BeforeAll
    void start() throws Exception {
        portal = RunningPortal.start(dir, Duration.ofSeconds(4), 20, "--greenex.scada.simulated-time-scale=90");
        jdbc = portal.jdbc();
        portal.awaitSettledIntervalsWithTrades(2);
        routes = new Routes().autoDiscoverViews("com.greenex.portal.ui");
    }

    @AfterAll
    void stop() {
        if (portal != null) {
            portal.close();
        }
    }

    @AfterEach
    void tearDown() {
        MockVaadin.tearDown();
        SecurityContextHolder.clearContext();
    }

    /** Signs in as the demo user and opens a UI in the given language. */
    void as(String username, Locale locale) {
        GreenexUser user = portal.bean(Users.class).loadUserByUsername(username);
        var auth = UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
        SecurityContextHolder.getContext().setAuthentication(auth);
        MockVaadin.setMockRequestFactory(session -> {
            FakeRequest r = new FakeRequest(session);
            r.setUserPrincipalInt(auth);
            r.setUserInRole((principal, role) -> user.hasRole(role));
            return r;
        });
        MockVaadin.setup(UI::new, new MockSpringServlet(routes, portal.context(), UI::new));
        // Choose the language as a user does (the page reloads in it).
        Language.choose(locale);
    }

    static <V> void setValue(com.vaadin.flow.component.HasValue<?, V> field, V value) {
        field.setValue(value);
    }

    void as(String username) {
        as(username, Locale.ENGLISH);
    }

    private long settledInterval() {
        return portal.latestSettledIntervalWithTrades();
    }

    /** Every text in the current UI: a missing translation shows as !{key}!. */
    static List<String> texts() {
        List<String> out = new ArrayList<>();
        collect(UI.getCurrent(), out);
        return out;
    }

    private static void collect(Component c, List<String> out) {
        if (c instanceof HasText t && t.getText() != null) {
            out.add(t.getText());
        }
        c.getElement().getPropertyNames().forEach(p -> {
            Object v = c.getElement().getPropertyRaw(p);
            if (v instanceof String s) {
                out.add(s);
            }
        });
        c.getChildren().forEach(child -> collect(child, out));
    }

    @Test
    void signedOutEveryAddressLeadsToTheLoginViewWithoutTheFrame() {
        MockVaadin.setMockRequestFactory(FakeRequest::new);
        MockVaadin.setup(UI::new, new MockSpringServlet(routes, portal.context(), UI::new));
        UI.getCurrent().navigate("login");
        _get(com.vaadin.flow.component.login.LoginForm.class);
        assertThat(_find(MainLayout.class)).isEmpty();
        UI.getCurrent().navigate(RegulatorView.class);
        assertThat(_find(RegulatorView.class)).isEmpty();
        _get(com.vaadin.flow.component.login.LoginForm.class);
    }

    @Test
    void eachRoleLandsOnItsOwnFirstView() {
        as("dispatcher");
        UI.getCurrent().navigate("");
        _get(DashboardView.class);
        tearDown();
        as("regulator");
        UI.getCurrent().navigate("");
        _get(RegulatorView.class);
        tearDown();
        as("integrator");
        UI.getCurrent().navigate("");
        _get(IntegratorView.class);
        tearDown();
        as("prosumer1");
        UI.getCurrent().navigate("");
        _get(ParticipantView.class);
    }

    @Test
    void aParticipantCannotOpenTheOperatorsViews() {
        as("prosumer1");
        for (Class<? extends Component> view : List.of(RegulatorView.class, DashboardView.class, IntegratorView.class, TradesView.class, MarketView.class)) {
            assertThatThrownBy(() -> UI.getCurrent().navigate(view)).as(view.getSimpleName())
                    .satisfies(e -> assertThat(e.getClass().getSimpleName()).contains("AccessDenied"));
            assertThat(_find(view)).as(view.getSimpleName()).isEmpty();
        }
    }

    @Test
    void theDashboardShowsTheMarketNowPricesBatteriesAndAlarms() {
        as("dispatcher");
        UI.getCurrent().navigate(DashboardView.class);
        DashboardView view = _get(DashboardView.class);
        view.show(view.load());
        String cards = String.join(" | ", texts());
        assertThat(cards).contains("Current interval", "Clearing price", "Supply / demand");
        assertThat(cards).containsAnyOf("buyer’s market", "seller’s market");
        assertThat(html("price-chart")).contains("<svg", "<path");
        assertThat(html("soc-chart")).contains("<rect", "batteries");
        assertThat(html("balance-chart")).contains("supply", "demand");
        assertThat(_get(com.vaadin.flow.component.html.UnorderedList.class, s -> s.withId("alarms")).getChildren().count()).isPositive();
    }

    @Test
    void theDashboardRaisesAnAlarmForSilentMetersBadDataSettlementLagFailedIntervalsAndComponentsDown() {
        as("dispatcher");
        UI.getCurrent().navigate(DashboardView.class);
        DashboardView view = _get(DashboardView.class);
        DashboardView.Snapshot ok = view.load();
        var alarms = new com.greenex.portal.query.DashboardQueries.Alarms(List.of("P-007", "P-009"), 2, 3, 1, Duration.ofMinutes(5), 1);
        var down = new com.greenex.portal.status.SystemStatus.Component("chain", false, "http://127.0.0.1:1: connection refused", java.util.Map.of());
        List<String> raised = view.alarms(new DashboardView.Snapshot(ok.latest(), ok.cleared(), ok.prices(), ok.grid(), ok.soc(), alarms, List.of(down)));
        assertThat(raised).containsExactly(
                "2 meter(s) silent for more than 60 s: P-007, P-009",
                "Bad data: 3 point(s) bad, 1 uncertain (see SCADA integration)",
                "Settlement lags 300 s behind the market: check the chain (/api/status)",
                "1 interval(s) failed in the last 24 hours: open them under Market to read why",
                "chain is down: http://127.0.0.1:1: connection refused");
        var quiet = new com.greenex.portal.query.DashboardQueries.Alarms(List.of(), 0, 0, 0, Duration.ofSeconds(30), 0);
        assertThat(view.alarms(new DashboardView.Snapshot(ok.latest(), ok.cleared(), ok.prices(), ok.grid(), ok.soc(), quiet, List.of()))).isEmpty();
    }

    private static String html(String containerId) {
        Component container = _get(com.vaadin.flow.component.html.Div.class, s -> s.withId(containerId));
        return container.getChildren().filter(c -> c instanceof com.vaadin.flow.component.Html).map(c -> ((com.vaadin.flow.component.Html) c).getInnerHtml())
                .findFirst().orElseThrow(() -> new AssertionError(containerId + " has no chart"));
    }

    @Test
    void theMarketViewShowsMeritOrderRoundsTradesAndDispatchOfAnInterval() {
        as("dispatcher");
        UI.getCurrent().navigate(MarketView.class);
        MarketView view = _get(MarketView.class);
        assertThat(_size(view.intervals)).isGreaterThanOrEqualTo(2);
        long id = settledInterval();
        view.show(id);
        String merit = html("merit-order");
        assertThat(merit).contains("gx-merit", "gx-clearing", "clearing price");
        Span verdict = _get(Span.class, s -> s.withId("replay-verdict"));
        assertThat(verdict.getText()).startsWith("Replayed from the stored positions");
        assertThat(_size(view.rounds)).isPositive();
        view.rounds.select(_get(view.rounds, 0));
        assertThat(_size(view.roundQuotes)).isPositive();
        long trades = jdbc.sql("SELECT count(*) FROM trades WHERE interval_id = ?").param(id).query(Long.class).single();
        assertThat(_size(view.trades)).isEqualTo((int) trades);
        assertThat(_getFormattedRow(view.trades, 0)).contains("confirmed");
        view.show(987654);
        assertThat(texts()).contains("No such interval.");
    }

    @Test
    void theRegulatorReviewsTheQueueWithEveryRulesVerdictAndDecidesWithAComment() {
        as("regulator");
        UI.getCurrent().navigate(RegulatorView.class);
        RegulatorView view = _get(RegulatorView.class);
        List<String> queued = new ArrayList<>();
        for (int i = 0; i < _size(view.queue); i++) {
            queued.add(_get(view.queue, i).application().participantId());
        }
        assertThat(queued).contains("N-001", "N-003", "N-004");
        int n001 = queued.indexOf("N-001");
        view.queue.select(_get(view.queue, n001));
        assertThat(_size(view.verdicts)).isPositive();
        // No comment: nothing decided, and the field says why.
        _click(view.approve);
        assertThat(view.decision.getText()).startsWith("Not decided:").contains("needs a comment");
        assertThat(view.comment.isInvalid()).isTrue();
        setValue(view.comment, "meter checked on site");
        _click(view.approve);
        assertThat(view.decision.getText()).isEqualTo("Approved: N-001 is admitted.");
        assertThat(jdbc.sql("SELECT status FROM participants WHERE id = 'N-001'").query(String.class).single()).isEqualTo("ADMITTED");
        assertThat(jdbc.sql("SELECT details->>'comment' FROM audit_log WHERE action = 'ENTRY_APPROVED' AND subject = 'participant:N-001'")
                .query(String.class).single()).isEqualTo("meter checked on site");

        // N-003 is over the 0.4 kV capacity limit: approving is not offered, rejecting is.
        int n003 = -1;
        for (int i = 0; i < _size(view.queue); i++) {
            if (_get(view.queue, i).application().participantId().equals("N-003")) {
                n003 = i;
            }
        }
        view.queue.select(_get(view.queue, n003));
        assertThat(view.approve.isEnabled()).isFalse();
        assertThat(_getFormattedRow(view.verdicts, 0).toString() + verdictRows(view)).contains("FAIL");
        setValue(view.comment, "250 kW cannot connect at 0.4 kV");
        _click(view.reject);
        assertThat(view.decision.getText()).startsWith("Rejected: N-003");

        view.verifyChain();
        assertThat(view.chainCheck.getText()).startsWith("Intact: all");
    }

    private static String verdictRows(RegulatorView view) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < _size(view.verdicts); i++) {
            b.append(_getFormattedRow(view.verdicts, i));
        }
        return b.toString();
    }

    @Test
    void theRegulatorDelistsAnAdmittedParticipantWithACauseAndAReason() {
        as("regulator");
        UI.getCurrent().navigate(RegulatorView.class);
        RegulatorView view = _get(RegulatorView.class);
        assertThat(_size(view.register)).isGreaterThanOrEqualTo(20);
        var p = _get(view.register, 19);
        var dialog = view.delistDialog(p);
        dialog.open();
        _click(_get(Button.class, s -> s.withId("delist-confirm")));
        assertThat(_find(Paragraph.class).stream().map(Paragraph::getText).toList()).anyMatch(t -> t.contains("needs a reason"));
        setValue(_get(TextArea.class, s -> s.withId("delist-reason")), "meter tampering reported");
        _click(_get(Button.class, s -> s.withId("delist-confirm")));
        assertThat(jdbc.sql("SELECT status FROM participants WHERE id = ?").param(p.id()).query(String.class).single()).isEqualTo("DELISTED");
        assertThat(jdbc.sql("SELECT reason FROM delistings WHERE participant_id = ?").param(p.id()).query(String.class).single())
                .isEqualTo("meter tampering reported");
    }

    @Test
    void theIntegratorSeesConnectionsLiveValuesAndEveryProblemOfAnUploadedMapping() {
        as("integrator");
        UI.getCurrent().navigate(IntegratorView.class);
        IntegratorView view = _get(IntegratorView.class);
        assertThat(String.join(" ", texts())).contains("substation SS-01", "connected");
        assertThat(_size(view.liveGrid)).isEqualTo(80);
        assertThat(_getFormattedRow(view.liveGrid, 0)).contains("good");

        view.validate("broken.yaml", "substation: [unclosed".getBytes(StandardCharsets.UTF_8));
        assertThat(_get(Paragraph.class, s -> s.withId("mapping-summary")).getText()).startsWith("The mapping cannot be used: broken.yaml: not valid YAML");
        assertThat(view.register.isEnabled()).isFalse();

        String mapping = """
                substation: SS-02
                endpoint: opc.tcp://127.0.0.1:4840/ss02
                security: {policy: None, mode: None}
                points:
                  - {participant: P-001, meter: M-001, quantity: ACTIVE_POWER_KW, node: "ns=2;s=P1.power"}
                  - {participant: P-002, meter: M-002, quantity: ACTIVE_POWER_KW, node: "not a node id"}
                """;
        view.validate("ss02.yaml", mapping.getBytes(StandardCharsets.UTF_8));
        assertThat(_get(Paragraph.class, s -> s.withId("mapping-summary")).getText()).isEqualTo("ss02.yaml: substation SS-02, 1 usable point(s), 1 with problems.");
        assertThat(_size(view.problems)).isEqualTo(1);
        assertThat(_get(view.problems, 0).participant()).isEqualTo("P-002");
        assertThat(view.register.isEnabled()).isTrue();
    }

    @Test
    void aTradeIsVerifiedAgainstTheChainFromTheTradesView() throws Exception {
        as("regulator");
        UI.getCurrent().navigate(TradesView.class);
        TradesView view = _get(TradesView.class);
        assertThat(_size(view.trades)).isPositive();
        long id = settledInterval();
        TradeRow trade = portal.bean(com.greenex.portal.query.MarketQueries.class).detail(id, com.greenex.portal.security.Viewer.system("test"))
                .orElseThrow().trades().getFirst();
        view.verify(trade);
        Instant end = Instant.now().plusSeconds(20);
        while (_find(Paragraph.class, s -> s.withId("verify-result")).isEmpty() && Instant.now().isBefore(end)) {
            Thread.sleep(100);
            MockVaadin.clientRoundtrip(false);
        }
        assertThat(_get(Paragraph.class, s -> s.withId("verify-result")).getText()).startsWith("Verified: the Merkle proof");
    }

    @Test
    void aParticipantSeesItsPositionsTradesBillAndExportsCsv() throws Exception {
        as("prosumer1");
        UI.getCurrent().navigate(ParticipantView.class);
        ParticipantView view = _get(ParticipantView.class);
        assertThat(_size(view.positions)).isPositive();
        for (int i = 0; i < _size(view.trades); i++) {
            TradeRow t = _get(view.trades, i);
            assertThat(List.of(t.sellerId(), t.buyerId())).contains("P-001");
        }
        assertThat(_get(Paragraph.class, s -> s.withId("bill-net")).getText()).startsWith("Net for the period:");
        setValue(view.from, java.time.LocalDate.now().plusDays(3));
        setValue(view.to, java.time.LocalDate.now());
        view.showBill();
        assertThat(String.join(" ", texts())).contains("Choose a period that ends after it starts");

        var queries = portal.bean(com.greenex.portal.query.ParticipantQueries.class);
        var me = new com.greenex.portal.security.Viewer("prosumer1", "P-001", false);
        StringWriter csv = new StringWriter();
        long rows = queries.tradesCsv(me, "P-001", Instant.now().minusSeconds(3600), Instant.now().plusSeconds(60), csv);
        assertThat(csv.toString().lines().count()).isEqualTo(rows + 1);
        assertThat(csv.toString()).startsWith("trade_id,interval_id,interval_start,role,counterparty,energy_kwh,price,amount,settlement_state,tx_hash");
        assertThatThrownBy(() -> queries.tradesCsv(me, "P-002", Instant.now().minusSeconds(3600), Instant.now(), new StringWriter()))
                .hasMessageContaining("may see only participant P-001");
    }

    @Test
    void everyViewIsTranslatedIntoChinese() {
        for (String[] userAndView : new String[][] {{"dispatcher", "dashboard"}, {"dispatcher", "market"}, {"regulator", "regulator"},
                {"integrator", "integrator"}, {"regulator", "trades"}, {"prosumer1", "participant"}}) {
            for (Locale locale : List.of(Locale.ENGLISH, MainLayout.CHINESE)) {
                as(userAndView[0], locale);
                UI.getCurrent().navigate(userAndView[1]);
                List<String> texts = texts();
                assertThat(texts).as(userAndView[1] + " in " + locale).noneMatch(t -> t.contains("!{"));
                if (locale.equals(MainLayout.CHINESE)) {
                    assertThat(String.join(" ", texts)).as(userAndView[1]).containsPattern("[\\u4e00-\\u9fff]");
                }
                tearDown();
            }
        }
    }
}
