package com.greenex.portal.market;

import com.greenex.market.MarketResult;
import com.greenex.market.RoundSummary;
import com.greenex.portal.base.ui.Formats;
import com.greenex.portal.base.ui.Hint;
import com.greenex.portal.base.ui.Routes;
import com.greenex.portal.base.ui.Svg;
import com.greenex.portal.trades.TradeColumns;
import com.greenex.portal.trades.TradeRow;
import com.greenex.portal.security.GreenexUser;
import com.greenex.portal.security.Viewer;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import jakarta.annotation.security.RolesAllowed;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The market: intervals (lazy, latest first); for one, the merit order with the clearing point, the
 * bidding rounds until the equilibrium (replayed with every round's quotes), trades, storage and grid.
 */
@Route(Routes.MARKET)
@RolesAllowed({"DISPATCHER", "ADMIN", "REGULATOR"})
public class MarketView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    private final MarketQueries queries;
    private final MarketReplay replay;
    private final Viewer viewer;
    /** Every zone's intervals, or one zone's. */
    final com.vaadin.flow.component.select.Select<String> zone = new com.vaadin.flow.component.select.Select<>();
    final Grid<IntervalSummary> intervals = new Grid<>();
    final Div detail = new Div();
    final Grid<RoundSummary> rounds = new Grid<>();
    final Grid<RoundSummary.Quote> roundQuotes = new Grid<>();
    final Grid<TradeRow> trades = new Grid<>();
    final Grid<IntervalDetail.BatteryDispatch> batteries = new Grid<>();
    final Grid<IntervalDetail.GridExchange> grid = new Grid<>();
    final Grid<IntervalDetail.Setpoint> setpoints = new Grid<>();
    final Grid<IntervalDetail.Delivery> deliveries = new Grid<>();

    private final IntervalRetry retry;
    private final GreenexUser user;

    public MarketView(MarketQueries queries, MarketReplay replay, IntervalRetry retry, com.greenex.portal.base.ui.DisplayProperties display,
                      AuthenticationContext auth) {
        this.queries = queries;
        this.replay = replay;
        this.retry = retry;
        GreenexUser user = auth.getAuthenticatedUser(GreenexUser.class).orElseThrow();
        this.user = user;
        this.viewer = new Viewer(user.getUsername(), user.participantId(), true);
        setSizeFull();
        intervals.setId("intervals");
        intervals.addColumn(IntervalSummary::id).setHeader("#").setAutoWidth(true);
        intervals.addColumn(IntervalSummary::zone).setHeader(getTranslation("market.zone")).setAutoWidth(true);
        intervals.addColumn(i -> Formats.TIME.format(i.start())).setHeader(getTranslation("market.start")).setAutoWidth(true);
        intervals.addColumn(i -> getTranslation("status." + i.status().name())).setHeader(getTranslation("market.status")).setAutoWidth(true);
        intervals.addColumn(i -> i.marketType() == null ? "" : getTranslation("marketType." + i.marketType())).setHeader(getTranslation("market.type"));
        intervals.addColumn(i -> i.clearingPrice() == null ? "" : Formats.price(i.clearingPrice())).setHeader(getTranslation("market.price"));
        intervals.addColumn(IntervalSummary::trades).setHeader(getTranslation("market.trades"));
        intervals.addColumn(i -> i.txHashes().isEmpty() ? "" : Formats.short0x(i.txHashes().getFirst())).setHeader(getTranslation("market.tx"));
        zone.setId("zone");
        zone.setLabel(getTranslation("market.zone"));
        zone.setItems(queries.zones());
        zone.setPlaceholder(getTranslation("market.allZones"));
        zone.setEmptySelectionAllowed(true);
        zone.setEmptySelectionCaption(getTranslation("market.allZones"));
        zone.addValueChangeListener(e -> intervals.getDataProvider().refreshAll());
        intervals.setItems(q -> queries.intervals(zone.getValue(), q.getOffset(), q.getLimit()).stream(),
                q -> (int) Math.min(Integer.MAX_VALUE, queries.intervalCount(zone.getValue())));
        intervals.setHeight("18rem");
        intervals.asSingleSelect().addValueChangeListener(e -> {
            if (e.getValue() != null) {
                show(e.getValue().id());
            }
        });
        detail.setId("interval-detail");
        detail.setWidthFull();
        rounds.setId("rounds");
        rounds.addColumn(RoundSummary::round).setHeader(getTranslation("market.round")).setAutoWidth(true);
        rounds.addColumn(r -> getTranslation("method." + r.phase().name())).setHeader(getTranslation("market.phase"));
        rounds.addColumn(r -> r.clearingPrice() == null ? "" : Formats.price(r.clearingPrice())).setHeader(getTranslation("market.price"));
        rounds.addColumn(RoundSummary::gainers).setHeader(getTranslation("market.gainers"));
        rounds.setHeight("14rem");
        rounds.asSingleSelect().addValueChangeListener(e -> roundQuotes.setItems(e.getValue() == null ? List.of() : e.getValue().quotes()));
        roundQuotes.setId("round-quotes");
        roundQuotes.addColumn(RoundSummary.Quote::participantId).setHeader(getTranslation("market.participant"));
        roundQuotes.addColumn(q -> Formats.price(q.price())).setHeader(getTranslation("market.quote"));
        roundQuotes.addColumn(q -> Formats.energy(q.marketKwh())).setHeader(getTranslation("market.energy"));
        roundQuotes.setHeight("14rem");
        TradeColumns.trades(trades, this, display.priceUnit());
        trades.setId("interval-trades");
        trades.setHeight("14rem");
        batteries.setId("battery-dispatch");
        batteries.addColumn(IntervalDetail.BatteryDispatch::batteryId).setHeader(getTranslation("market.battery"));
        batteries.addColumn(IntervalDetail.BatteryDispatch::participantId).setHeader(getTranslation("market.participant"));
        batteries.addColumn(b -> getTranslation("direction." + b.direction())).setHeader(getTranslation("market.direction"));
        batteries.addColumn(b -> b.energyKwh().toPlainString()).setHeader(getTranslation("market.kwh"));
        batteries.addColumn(b -> b.socBeforePercent().toPlainString() + " → " + b.socAfterPercent().toPlainString()).setHeader(getTranslation("market.soc"));
        batteries.setHeight("12rem");
        grid.setId("grid-exchanges");
        grid.addColumn(IntervalDetail.GridExchange::participantId).setHeader(getTranslation("market.participant"));
        grid.addColumn(g -> getTranslation("direction." + g.direction())).setHeader(getTranslation("market.direction"));
        grid.addColumn(g -> Formats.energy(g.energyKwh())).setHeader(getTranslation("market.energy"));
        grid.addColumn(g -> Formats.price(g.price())).setHeader(getTranslation("market.price"));
        grid.setHeight("12rem");
        setpoints.setId("setpoints");
        setpoints.addColumn(IntervalDetail.Setpoint::batteryId).setHeader(getTranslation("market.battery")).setAutoWidth(true);
        setpoints.addColumn(p -> p.setpointKw().toPlainString()).setHeader(getTranslation("market.setpointKw"));
        setpoints.addColumn(p -> getTranslation("setpoint." + p.outcome())).setHeader(getTranslation("market.setpointOutcome"));
        setpoints.addColumn(p -> p.readBackKw() == null ? "" : p.readBackKw().toPlainString()).setHeader(getTranslation("market.readBack"));
        setpoints.addColumn(p -> p.detail() == null ? "" : p.detail()).setHeader(getTranslation("regulator.reason")).setFlexGrow(1);
        setpoints.setHeight("12rem");
        deliveries.setId("deliveries");
        deliveries.addColumn(IntervalDetail.Delivery::participantId).setHeader(getTranslation("market.participant")).setAutoWidth(true);
        deliveries.addColumn(d -> d.scheduledKwh().toPlainString()).setHeader(getTranslation("dashboard.scheduled"));
        deliveries.addColumn(d -> d.meteredKwh().toPlainString()).setHeader(getTranslation("dashboard.metered"));
        deliveries.addColumn(d -> d.deviationKwh().toPlainString()).setHeader(getTranslation("market.deviation"));
        deliveries.addColumn(d -> Formats.money(d.amount())).setHeader(getTranslation("market.amount"));
        deliveries.addColumn(d -> d.batteryFollowed() == null ? "" : getTranslation(d.batteryFollowed() ? "market.followed" : "market.batteryMissed"))
                .setHeader(getTranslation("market.batteryFollowed"));
        deliveries.setHeight("12rem");
        add(new H2(getTranslation("market.title")), zone, intervals, detail);
        detail.add(hint("market.pick"));
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        event.getLocation().getQueryParameters().getSingleParameter("interval").ifPresent(id -> {
            try {
                show(Long.parseLong(id));
            } catch (NumberFormatException e) {
                detail.removeAll();
                detail.add(hint("market.badId"));
            }
        });
    }

    void show(long id) {
        detail.removeAll();
        Optional<IntervalDetail> d = queries.detail(id, viewer);
        if (d.isEmpty()) {
            detail.add(hint("market.notFound"));
            return;
        }
        IntervalDetail x = d.get();
        IntervalSummary s = x.interval();
        detail.add(new H3(getTranslation("market.interval", s.id(), Formats.TIME.format(s.start()), getTranslation("status." + s.status().name()))));
        if (s.failureReason() != null) {
            Paragraph p = new Paragraph(getTranslation(s.status() == IntervalState.MISSED ? "market.missed" : "market.failed", s.failureReason()));
            p.addClassName("gx-alarm");
            detail.add(p);
            if (s.status() == IntervalState.FAILED && (user.hasRole("DISPATCHER") || user.hasRole("ADMIN")) && java.time.Instant.now().isBefore(s.start())) {
                com.vaadin.flow.component.textfield.TextField reason = new com.vaadin.flow.component.textfield.TextField(getTranslation("market.clearAgainReason"));
                reason.setId("clear-again-reason");
                com.vaadin.flow.component.button.Button again = new com.vaadin.flow.component.button.Button(getTranslation("market.clearAgain"), e -> {
                    try {
                        retry.clearAgain(s.id(), user.getUsername(), reason.getValue());
                        show(s.id());
                    } catch (IllegalArgumentException | IllegalStateException ex) {
                        reason.setInvalid(true);
                        reason.setErrorMessage(ex.getMessage());
                    }
                });
                again.setId("clear-again");
                detail.add(new com.vaadin.flow.component.orderedlayout.HorizontalLayout(reason, again));
            }
        }
        if (x.result() == null) {
            detail.add(hint("market.notCleared"));
            return;
        }
        detail.add(new Paragraph(getTranslation("market.summary", getTranslation("marketType." + s.marketType()),
                s.clearingPrice() == null ? "–" : Formats.price(s.clearingPrice()), Formats.kwhShort(s.supplyKwh()), Formats.kwhShort(s.demandKwh()),
                x.result().rounds(), getTranslation("method." + x.result().method()),
                x.result().verdict().verified() ? getTranslation("market.verified") : x.result().equilibrium())));
        Div merit = new Div(new Html("<div>" + meritOrder(x) + "</div>"));
        merit.addClassName("gx-chart");
        merit.setId("merit-order");
        detail.add(new H3(getTranslation("market.meritOrder")), merit);

        detail.add(new H3(getTranslation("market.rounds")));
        Optional<MarketReplay.Replay> r = replay.replay(id);
        if (r.isPresent() && !r.get().result().history().isEmpty()) {
            MarketResult mr = r.get().result();
            Span how = new Span(getTranslation(r.get().matchesStored() ? "market.replayMatches" : "market.replayDiffers",
                    mr.history().size(), getTranslation("method." + mr.method().name())));
            how.setId("replay-verdict");
            if (!r.get().matchesStored()) {
                how.addClassName("gx-alarm");
            }
            Div roundChart = new Div(new Html("<div>" + Svg.line(getTranslation("market.roundPrices"), getTranslation("unit.price"),
                    mr.history().stream().filter(h -> h.clearingPrice() != null)
                            .map(h -> new Svg.Point(Integer.toString(h.round()), h.clearingPrice())).toList(), words()) + "</div>"));
            roundChart.addClassName("gx-chart");
            rounds.setItems(mr.history());
            roundQuotes.setItems(List.of());
            detail.add(how, roundChart, rounds, roundQuotes);
        } else {
            detail.add(hint("market.noRounds"));
        }
        trades.setItems(x.trades());
        batteries.setItems(x.batteryDispatch());
        grid.setItems(x.gridExchanges());
        setpoints.setItems(x.setpoints());
        deliveries.setItems(x.deliveries());
        detail.add(new H3(getTranslation("market.trades") + " (" + x.trades().size() + ")"), x.trades().isEmpty() ? hint("market.noTrades") : trades,
                new H3(getTranslation("market.storage")), x.batteryDispatch().isEmpty() ? hint("market.noStorage") : batteries,
                new H3(getTranslation("market.gridDispatch")), x.gridExchanges().isEmpty() ? hint("market.noGrid") : grid,
                new H3(getTranslation("market.setpoints")), x.setpoints().isEmpty() ? hint("market.noSetpoints") : setpoints,
                new H3(getTranslation("market.delivery")), x.deliveries().isEmpty() ? hint("market.notMetered") : deliveries);
    }

    /** The competing side's final quotes in rank order against cumulative kWh; the other side's total; the clearing price. */
    String meritOrder(IntervalDetail x) {
        List<IntervalDetail.ParticipantResult> competing = x.participants().stream().filter(p -> p.finalQuote() != null && p.rank() != null)
                .sorted(Comparator.comparing(IntervalDetail.ParticipantResult::rank)).toList();
        if (competing.isEmpty()) {
            return Svg.meritOrder(getTranslation("market.meritOrder"), List.of(), null, null, words());
        }
        String side = competing.getFirst().role();
        BigDecimal other = x.participants().stream().filter(p -> !p.role().equals(side)).map(IntervalDetail.ParticipantResult::positionKwh)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        return Svg.meritOrder(getTranslation("market.meritOrder"),
                competing.stream().map(p -> new Svg.Step(p.participantId(), p.finalQuote(), p.positionKwh())).toList(), other,
                x.interval().clearingPrice(), words());
    }

    private Span hint(String key) {
        return Hint.of(this, key);
    }

    private Svg.Words words() {
        return Hint.chartWords(this);
    }

    @Override
    public String getPageTitle() {
        return "Greenex · " + getTranslation("market.title");
    }
}
