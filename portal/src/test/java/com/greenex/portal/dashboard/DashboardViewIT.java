package com.greenex.portal.dashboard;

import com.greenex.portal.status.SystemStatus;
import com.greenex.portal.testing.ViewTest;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.UnorderedList;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.mvysny.kaributesting.v10.GridKt._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

/** The dispatcher's dashboard on a running demo market. */
class DashboardViewIT extends ViewTest {

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
        assertThat(cards).contains("Forecast error (mean per participant)", "Batteries on setpoint: followed / missed", "Deviations, metered · settled");
        assertThat(html("delivery-chart")).contains("scheduled", "metered", "<path");
        assertThat(_get(UnorderedList.class, s -> s.withId("alarms")).getChildren().count()).isPositive();
    }

    @Test
    void theDashboardRaisesAnAlarmForSilentMetersBadDataSettlementLagFailedAndMissedIntervalsLostBatchesAndComponentsDown() {
        as("dispatcher");
        UI.getCurrent().navigate(DashboardView.class);
        DashboardView view = _get(DashboardView.class);
        DashboardView.Snapshot ok = view.load();
        var alarms = new DashboardQueries.Alarms(List.of("P-007", "P-009"), 2, 3, 1, Duration.ofMinutes(5), 1, 4, 2,
                java.time.Instant.parse("2026-11-24T09:30:00Z"));
        var down = new SystemStatus.Component("chain", false, "http://127.0.0.1:1: connection refused", Map.of());
        var refused = new DashboardQueries.Delivery(7L, null, 0, 0, null, null, 2, "B-003: the server refused the write: Bad_NotWritable");
        List<String> raised = view.alarms(new DashboardView.Snapshot(ok.current(), ok.latest(), ok.cleared(), ok.prices(), ok.grid(), ok.soc(), alarms, List.of(down),
                List.of(), refused));
        assertThat(raised).containsExactly(
                "2 meter(s) silent for more than 60 s: P-007, P-009",
                "Bad data: 3 point(s) bad, 1 uncertain (see SCADA integration)",
                "Settlement lags 300 s behind the market: check the chain (/api/status)",
                "2 battery setpoint(s) of the latest interval not written, e.g. B-003: the server refused the write: Bad_NotWritable",
                "1 interval(s) failed in the last 24 hours: open them under Market to read why",
                "4 interval(s) missed in the last 24 hours: the market was not running when they had to be scheduled",
                "2 settlement batch(es) were confirmed but the chain lost them (last " + com.greenex.portal.base.ui.Formats.TIME.format(
                        java.time.Instant.parse("2026-11-24T09:30:00Z")) + "): settled again; see Status",
                "chain is down: http://127.0.0.1:1: connection refused");
        var quiet = new DashboardQueries.Alarms(List.of(), 0, 0, 0, Duration.ofSeconds(30), 0, 0, 0, null);
        var allWritten = new DashboardQueries.Delivery(7L, null, 0, 0, null, null, 0, null);
        assertThat(view.alarms(new DashboardView.Snapshot(ok.current(), ok.latest(), ok.cleared(), ok.prices(), ok.grid(), ok.soc(), quiet, List.of(), List.of(),
                allWritten))).isEmpty();
    }
}
