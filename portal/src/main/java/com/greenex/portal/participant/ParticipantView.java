package com.greenex.portal.participant;

import com.greenex.portal.base.ui.Formats;
import com.greenex.portal.base.ui.Routes;
import com.greenex.portal.trades.TradeColumns;
import com.greenex.portal.trades.TradeQueries;
import com.greenex.portal.trades.TradeRow;
import com.greenex.portal.security.GreenexUser;
import com.greenex.portal.security.Viewer;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.spring.security.AuthenticationContext;
import jakarta.annotation.security.RolesAllowed;

import com.vaadin.flow.server.streams.DownloadResponse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** A participant's own data: positions and quotes, trades, the bill for a period, certificates, CSV export. */
@Route(Routes.PARTICIPANT)
@RolesAllowed({"PARTICIPANT"})
public class ParticipantView extends VerticalLayout implements HasDynamicTitle {

    private final ParticipantQueries queries;
    private final Viewer viewer;
    private final Clock clock;
    private final String participant;
    final Grid<ParticipantQueries.PositionRow> positions = new Grid<>();
    final Grid<TradeRow> trades = new Grid<>();
    final com.greenex.portal.certificates.MyCertificates certificates;
    final com.greenex.portal.emissions.MyEmissions emissions;
    final DatePicker from = new DatePicker();
    final DatePicker to = new DatePicker();
    final Div bill = new Div();
    final Anchor csv;

    final MyPrices myPrices;

    public ParticipantView(ParticipantQueries queries, TradeQueries market, com.greenex.portal.market.PricePreferences prices, Clock clock,
                           com.greenex.portal.base.ui.DisplayProperties display, com.greenex.portal.entry.DelistingRequests delisting,
                           com.greenex.portal.entry.SelfServiceEntry entry, com.greenex.portal.market.IntervalLifecycle lifecycle,
                           com.greenex.portal.certificates.Certificates myCertificates, com.greenex.portal.emissions.EmissionsReport reports,
                           AuthenticationContext auth) {
        this.queries = queries;
        this.clock = clock;
        GreenexUser user = auth.getAuthenticatedUser(GreenexUser.class).orElseThrow();
        this.participant = user.participantId();
        this.viewer = new Viewer(user.getUsername(), participant, false);
        setSizeFull();
        positions.setId("positions");
        positions.addColumn(ParticipantQueries.PositionRow::intervalId).setHeader(getTranslation("trades.interval")).setAutoWidth(true);
        positions.addColumn(p -> Formats.TIME.format(p.start())).setHeader(getTranslation("market.start")).setAutoWidth(true);
        positions.addColumn(p -> getTranslation("role." + p.role())).setHeader(getTranslation("participant.role"));
        positions.addColumn(p -> Formats.energy(p.energyKwh())).setHeader(getTranslation("market.energy"));
        positions.addColumn(p -> Formats.price(p.reservationPrice())).setHeader(getTranslation("participant.reservation") + " (" + display.priceUnit() + ")");
        positions.addColumn(p -> p.finalQuote() == null ? "" : Formats.price(p.finalQuote())).setHeader(getTranslation("market.quote"));
        positions.addColumn(p -> p.marketKwh() == null ? "" : Formats.energy(p.marketKwh())).setHeader(getTranslation("participant.traded"));
        positions.addColumn(p -> p.socPercent() == null ? "" : p.socPercent().setScale(1, RoundingMode.HALF_UP).toPlainString() + " %")
                .setHeader(getTranslation("market.soc"));
        positions.setItems(q -> queries.positions(viewer, participant, q.getOffset(), q.getLimit()).stream(),
                q -> (int) queries.positionCount(viewer, participant));
        positions.setHeight("16rem");
        trades.setId("my-trades");
        TradeColumns.trades(trades, this, display.priceUnit());
        trades.setItems(q -> market.trades(viewer, participant, q.getOffset(), q.getLimit()).stream(),
                q -> (int) Math.min(Integer.MAX_VALUE, market.tradeCount(viewer, participant)));
        trades.setHeight("16rem");
        certificates = new com.greenex.portal.certificates.MyCertificates(myCertificates, user);
        emissions = new com.greenex.portal.emissions.MyEmissions(reports, viewer, participant, clock);

        from.setId("bill-from");
        from.setLabel(getTranslation("participant.from"));
        to.setId("bill-to");
        to.setLabel(getTranslation("participant.to"));
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.systemDefault()));
        from.setValue(today.minusDays(30));
        to.setValue(today);
        Button compute = new Button(getTranslation("participant.bill"), e -> showBill());
        compute.setId("compute-bill");
        bill.setId("bill");
        csv = new Anchor(DownloadHandler.fromInputStream(e -> {
            Instant[] period = period();
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            try (Writer w = new OutputStreamWriter(buffer, StandardCharsets.UTF_8)) {
                queries.tradesCsv(viewer, participant, period[0], period[1], w);
            }
            byte[] bytes = buffer.toByteArray();
            return new DownloadResponse(new ByteArrayInputStream(bytes),
                    "greenex-" + participant + "-trades.csv", "text/csv", bytes.length);
        }), getTranslation("participant.csv"));
        csv.setId("csv");
        myPrices = new MyPrices(prices, viewer, participant);
        add(new H2(getTranslation("participant.title", participant)));
        lifecycle.zoneOf(participant).ifPresent(z -> {
            Paragraph zone = new Paragraph(getTranslation("participant.zone", z));
            zone.setId("my-zone");
            add(zone);
        });
        var unmapped = entry.metersToMap(participant);
        if (!unmapped.isEmpty()) {
            Paragraph notice = new Paragraph(getTranslation("participant.unmapped",
                    String.join(", ", unmapped.stream().map(com.greenex.portal.entry.SelfServiceEntry.MeterToMap::meterId).toList())));
            notice.setId("unmapped-meters");
            notice.addClassName("gx-warn");
            add(notice);
        }
        add(new H3(getTranslation("prices.title")), myPrices,
                new H3(getTranslation("participant.bill")),
                new HorizontalLayout(from, to, compute, csv), bill, new H3(getTranslation("participant.positions")), positions,
                new H3(getTranslation("market.trades")), trades, new H3(getTranslation("trades.certificates")), certificates,
                new H3(getTranslation("emissions.title")), emissions,
                new H3(getTranslation("leave.title")), new com.greenex.portal.entry.LeaveMarket(delisting, user));
        showBill();
    }

    /** The chosen days as [start of from, start of the day after to) in the server's zone. */
    Instant[] period() {
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.systemDefault()));
        LocalDate f = from.getValue() == null ? today.minusDays(30) : from.getValue();
        LocalDate t = to.getValue() == null ? today : to.getValue();
        return new Instant[] {f.atStartOfDay(ZoneId.systemDefault()).toInstant(), t.plusDays(1).atStartOfDay(ZoneId.systemDefault()).toInstant()};
    }

    void showBill() {
        bill.removeAll();
        Instant[] p = period();
        try {
            ParticipantQueries.Bill b = queries.bill(viewer, participant, p[0], p[1]);
            bill.add(new Paragraph(getTranslation("participant.billLine", Formats.kwh(b.soldKwh()), Formats.money(b.soldAmount()), Formats.kwh(b.boughtKwh()),
                    Formats.money(b.boughtAmount()), Formats.kwh(b.exportedKwh()), Formats.money(b.exportedAmount()), Formats.kwh(b.importedKwh()), Formats.money(b.importedAmount()))));
            Paragraph deviation = new Paragraph(getTranslation("participant.deviation", Formats.kwh(b.deviationKwh()), Formats.money(b.deviationAmount())));
            deviation.setId("bill-deviation");
            bill.add(deviation);
            Paragraph net = new Paragraph(getTranslation("participant.net", Formats.money(b.net())));
            net.setId("bill-net");
            bill.add(net);
        } catch (IllegalArgumentException e) {
            Paragraph err = new Paragraph(getTranslation("participant.badPeriod", e.getMessage()));
            err.addClassName("gx-alarm");
            bill.add(err);
        }
    }

    @Override
    public String getPageTitle() {
        return "Greenex · " + getTranslation("participant.title", participant);
    }
}
