package com.greenex.portal.dashboard;

import com.greenex.portal.base.ui.Formats;
import com.greenex.portal.base.ui.Hint;
import com.greenex.portal.base.ui.LiveRefresh;
import com.greenex.portal.base.ui.Routes;
import com.greenex.portal.base.ui.Svg;
import com.greenex.portal.market.IntervalSummary;
import com.greenex.portal.market.MarketQueries;
import com.greenex.portal.status.SystemStatus;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The dispatcher's live dashboard: the market now, over the day, batteries, grid, alarms; pushed every 2 s. */
@Route(Routes.DASHBOARD)
@RolesAllowed({"DISPATCHER", "ADMIN", "REGULATOR"})
public class DashboardView extends VerticalLayout implements HasDynamicTitle {

    /** Everything the dashboard shows, read together. */
    record Snapshot(Optional<IntervalSummary> current, Optional<IntervalSummary> latest, Optional<IntervalSummary> cleared, List<DashboardQueries.PricePoint> prices,
                    DashboardQueries.GridTotals grid, List<BigDecimal> soc, DashboardQueries.Alarms alarms, List<SystemStatus.Component> components,
                    List<DashboardQueries.DeliveryPoint> deliveries, DashboardQueries.Delivery delivery) {
    }

    private final DashboardQueries queries;
    private final MarketQueries market;
    private final SystemStatus status;
    private final DashboardProperties properties;
    private final Clock clock;
    private final Div cards = new Div();
    private final Card intervalCard = new Card("dashboard.interval");
    private final Card nextCard = new Card("dashboard.next");
    private final Card marketCard = new Card("dashboard.marketType");
    private final Card priceCard = new Card("dashboard.price");
    private final Card balanceCard = new Card("dashboard.supplyDemand");
    private final Card gridCard = new Card("dashboard.grid");
    private final Card forecastCard = new Card("dashboard.forecastError");
    private final Card setpointCard = new Card("dashboard.setpoints");
    private final Card deviationCard = new Card("dashboard.deviations");
    private final Div deliveryChart = new Div();
    private final Div priceChart = new Div();
    private final Div balanceChart = new Div();
    private final Div socChart = new Div();
    private final UnorderedList alarms = new UnorderedList();

    /** The zone whose market the cards and charts show (the first by default). */
    final com.vaadin.flow.component.select.Select<String> zone = new com.vaadin.flow.component.select.Select<>();
    private volatile String selectedZone;

    DashboardView(DashboardQueries queries, MarketQueries market, SystemStatus status, DashboardProperties properties, Clock clock, LiveRefresh live) {
        this.clock = clock;
        this.queries = queries;
        this.market = market;
        this.status = status;
        this.properties = properties;
        cards.addClassName("gx-cards");
        cards.setId("dashboard-cards");
        cards.add(intervalCard, nextCard, marketCard, priceCard, balanceCard, gridCard, forecastCard, setpointCard, deviationCard);
        alarms.setId("alarms");
        deliveryChart.setId("delivery-chart");
        for (Div d : List.of(priceChart, balanceChart, socChart, deliveryChart)) {
            d.addClassName("gx-chart");
        }
        priceChart.setId("price-chart");
        balanceChart.setId("balance-chart");
        socChart.setId("soc-chart");
        zone.setId("dashboard-zone");
        zone.setLabel(getTranslation("market.zone"));
        List<String> zones = market.zones();
        zone.setItems(zones);
        // A zone at a time (its cards and its prices over the day agree); one zone: it is the market, nothing to choose.
        if (!zones.isEmpty()) {
            zone.setValue(zones.getFirst());
            selectedZone = zones.getFirst();
        }
        zone.setVisible(zones.size() > 1);
        zone.addValueChangeListener(e -> {
            selectedZone = e.getValue();
            show(load());
        });
        add(new H2(getTranslation("dashboard.title")), zone, cards, new H3(getTranslation("dashboard.alarms")), alarms,
                new H3(getTranslation("dashboard.prices")), priceChart, new H3(getTranslation("dashboard.delivery")), deliveryChart, new H3(getTranslation("dashboard.balance")), balanceChart,
                new H3(getTranslation("dashboard.soc")), socChart);
        show(load());
        live.whileAttached(this, Duration.ofSeconds(2), this::load, this::show);
    }

    Snapshot load() {
        String z = selectedZone;
        Optional<IntervalSummary> cleared = market.lastCleared(z);
        return new Snapshot(market.at(z, clock.instant()), market.latest(z), cleared, queries.pricesOfTheDay(z, 500),
                cleared.map(c -> queries.grid(c.id())).orElse(new DashboardQueries.GridTotals(BigDecimal.ZERO, BigDecimal.ZERO)),
                queries.stateOfCharge(), queries.alarms(properties.silentAfter()), status.components(), queries.deliveries(96), queries.delivery());
    }

    void show(Snapshot s) {
        intervalCard.set(s.current().map(i -> "#" + i.id() + " " + i.zone() + " " + Formats.TIME.format(i.start()) + " · " + getTranslation("status." + i.status().name()))
                .orElse(getTranslation("dashboard.none")));
        nextCard.set(s.latest().filter(i -> s.current().map(c -> c.id() != i.id()).orElse(true))
                .map(i -> "#" + i.id() + " " + i.zone() + " " + Formats.TIME.format(i.start()) + " · " + getTranslation("status." + i.status().name()))
                .orElse("–"));
        s.cleared().ifPresentOrElse(c -> {
            marketCard.set(c.marketType() == null ? "–" : getTranslation("marketType." + c.marketType()));
            priceCard.set(c.clearingPrice() == null ? getTranslation("dashboard.noTrade") : Formats.price(c.clearingPrice()));
            balanceCard.set(Formats.kwhShort(c.supplyKwh()) + " / " + Formats.kwhShort(c.demandKwh()) + " kWh");
            gridCard.set("↓ " + Formats.kwhShort(s.grid().importKwh()) + " / ↑ " + Formats.kwhShort(s.grid().exportKwh()) + " kWh");
            balanceChart.removeAll();
            balanceChart.add(new Html("<div>" + Svg.bars(getTranslation("dashboard.balance"), "kWh", List.of(
                    new Svg.Point(getTranslation("dashboard.supply"), c.supplyKwh()),
                    new Svg.Point(getTranslation("dashboard.demand"), c.demandKwh()),
                    new Svg.Point(getTranslation("dashboard.gridImport"), s.grid().importKwh()),
                    new Svg.Point(getTranslation("dashboard.gridExport"), s.grid().exportKwh())), words()) + "</div>"));
        }, () -> {
            for (Card c : List.of(marketCard, priceCard, balanceCard, gridCard)) {
                c.set("–");
            }
            balanceChart.removeAll();
            balanceChart.add(empty("dashboard.waiting"));
        });
        DashboardQueries.Delivery d = s.delivery();
        forecastCard.set(d.forecastMaeKwh() == null ? "–" : Formats.kwh(d.forecastMaeKwh()) + " kWh");
        setpointCard.set(d.intervalId() == null ? "–" : getTranslation("dashboard.followedMissed", d.batteriesFollowed(), d.batteriesMissed()));
        deviationCard.set(d.deviationKwh() == null ? "–" : Formats.kwhShort(d.deviationKwh()) + " kWh · " + Formats.money(d.deviationAmount()));
        deliveryChart.removeAll();
        deliveryChart.add(new Html("<div>" + Svg.twoLines(getTranslation("dashboard.delivery"), "kWh",
                s.deliveries().stream().map(p -> new Svg.Point(Formats.TIME.format(p.start()), p.scheduledKwh())).toList(), getTranslation("dashboard.scheduled"),
                s.deliveries().stream().map(p -> new Svg.Point(Formats.TIME.format(p.start()), p.meteredKwh())).toList(), getTranslation("dashboard.metered"),
                words()) + "</div>"));
        priceChart.removeAll();
        priceChart.add(new Html("<div>" + Svg.line(getTranslation("dashboard.prices"), getTranslation("unit.price"),
                s.prices().stream().map(p -> new Svg.Point(Formats.TIME.format(p.start()), p.price())).toList(), words()) + "</div>"));
        socChart.removeAll();
        socChart.add(new Html("<div>" + Svg.bars(getTranslation("dashboard.soc"), getTranslation("unit.batteries"), SocHistogram.of(s.soc()), words()) + "</div>"));
        alarms.removeAll();
        for (String a : alarms(s)) {
            ListItem li = new ListItem(a);
            li.addClassName("gx-alarm");
            alarms.add(li);
        }
        if (alarms.getChildren().findAny().isEmpty()) {
            alarms.add(new ListItem(getTranslation("dashboard.noAlarms")));
        }
    }

    List<String> alarms(Snapshot s) {
        List<String> out = new ArrayList<>();
        DashboardQueries.Alarms a = s.alarms();
        if (a.silentCount() > 0) {
            out.add(getTranslation("alarm.silent", a.silentCount(), properties.silentAfter().toSeconds(), String.join(", ", a.silentMeters())));
        }
        if (a.badPoints() > 0 || a.uncertainPoints() > 0) {
            out.add(getTranslation("alarm.badData", a.badPoints(), a.uncertainPoints()));
        }
        if (a.settlementLag().compareTo(properties.settlementLagAlarm()) > 0) {
            out.add(getTranslation("alarm.settlementLag", a.settlementLag().toSeconds()));
        }
        if (s.delivery().setpointsNotWritten() > 0) {
            out.add(getTranslation("alarm.setpoints", s.delivery().setpointsNotWritten(), s.delivery().setpointProblem()));
        }
        if (a.failedIntervals() > 0) {
            out.add(getTranslation("alarm.failed", a.failedIntervals()));
        }
        if (a.missedIntervals() > 0) {
            out.add(getTranslation("alarm.missed", a.missedIntervals()));
        }
        if (a.batchesLostOnChain() > 0) {
            out.add(getTranslation("alarm.chainLost", a.batchesLostOnChain(), Formats.TIME.format(a.lastLostOnChain())));
        }
        for (SystemStatus.Component c : s.components()) {
            if (!c.up()) {
                out.add(getTranslation("alarm.down", c.name(), c.detail()));
            }
        }
        return out;
    }

    /** A figure with its label; updated in place, so the page does not flicker and its elements stay the same. */
    private final class Card extends Div {
        private final Div value = new Div();

        Card(String labelKey) {
            Span label = new Span(getTranslation(labelKey));
            label.addClassName("gx-label");
            value.addClassName("gx-value");
            add(label, value);
            addClassName("gx-card");
            setId("card-" + labelKey.substring(labelKey.indexOf('.') + 1));
        }

        void set(String text) {
            value.setText(text);
        }
    }

    private Span empty(String key) {
        return Hint.of(this, key);
    }

    private Svg.Words words() {
        return Hint.chartWords(this);
    }

    @Override
    public String getPageTitle() {
        return "Greenex · " + getTranslation("dashboard.title");
    }
}
