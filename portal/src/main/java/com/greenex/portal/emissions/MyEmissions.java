package com.greenex.portal.emissions;

import com.greenex.portal.base.ui.Formats;
import com.greenex.portal.base.ui.Svg;
import com.greenex.portal.security.Viewer;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * "My emissions": the participant's Scope 2 report for a period (days, UTC): where its electricity
 * came from and its location- and market-based emissions as charts, the figures with the factors'
 * sources, and the report as PDF and CSV.
 */
public class MyEmissions extends Div {

    final DatePicker from = new DatePicker();
    final DatePicker to = new DatePicker();
    final Button compute = new Button();
    final Div figures = new Div();
    final Div charts = new Div();
    final Anchor pdf;
    final Anchor csv;
    private final EmissionsReport reports;
    private final Viewer viewer;
    private final String participant;

    public MyEmissions(EmissionsReport reports, Viewer viewer, String participant, Clock clock) {
        this.reports = reports;
        this.viewer = viewer;
        this.participant = participant;
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        from.setId("emissions-from");
        from.setLabel(getTranslation("participant.from"));
        from.setValue(today.withDayOfMonth(1));
        to.setId("emissions-to");
        to.setLabel(getTranslation("participant.to"));
        to.setValue(today);
        compute.setId("emissions-compute");
        compute.setText(getTranslation("emissions.compute"));
        compute.addClickListener(e -> show());
        figures.setId("emissions-figures");
        charts.setId("emissions-charts");
        charts.addClassName("gx-charts");
        pdf = new Anchor(DownloadHandler.fromInputStream(e -> {
            EmissionsReport.Report r = report();
            byte[] bytes = EmissionsPdf.render(r, reports.factors().fonts(), clock.instant());
            return new DownloadResponse(new ByteArrayInputStream(bytes), EmissionsReport.fileName(r, "pdf"), "application/pdf", bytes.length);
        }), getTranslation("emissions.pdf"));
        pdf.setId("emissions-pdf");
        csv = new Anchor(DownloadHandler.fromInputStream(e -> {
            EmissionsReport.Report r = report();
            byte[] bytes = EmissionsReport.csv(r).getBytes(StandardCharsets.UTF_8);
            return new DownloadResponse(new ByteArrayInputStream(bytes), EmissionsReport.fileName(r, "csv"), "text/csv", bytes.length);
        }), getTranslation("emissions.csv"));
        csv.setId("emissions-csv");
        add(new HorizontalLayout(from, to, compute, pdf, csv), figures, charts);
        show();
    }

    private EmissionsReport.Report report() {
        return reports.report(viewer, participant, from.getValue(), to.getValue());
    }

    void show() {
        figures.removeAll();
        charts.removeAll();
        EmissionsReport.Report r;
        try {
            r = report();
        } catch (IllegalArgumentException e) {
            Paragraph err = new Paragraph(getTranslation("participant.badPeriod", e.getMessage()));
            err.addClassName("gx-alarm");
            figures.add(err);
            return;
        }
        figures.add(new Paragraph(getTranslation("emissions.consumption", Formats.kwh(r.consumptionKwh()), Formats.kwh(r.marketKwh()),
                Formats.kwh(r.storageKwh()), Formats.kwh(r.gridKwh()))));
        figures.add(new Paragraph(getTranslation("emissions.shares", percent(r.marketSharePercent()), percent(r.certifiedSharePercent()),
                r.certificatesRetired(), Formats.kwh(r.certifiedKwh()))));
        Paragraph scope2 = new Paragraph(getTranslation("emissions.scope2", kg(r.locationBasedKg()), kg(r.marketBasedKg()), kg(r.avoidedKg())));
        scope2.setId("emissions-scope2");
        figures.add(scope2);
        Paragraph sources = new Paragraph(getTranslation("emissions.factors", r.locationFactor().toPlainString(), r.locationSource(),
                r.residualFactor().toPlainString(), r.residualSource()));
        sources.addClassName("gx-muted");
        figures.add(sources);
        Svg.Words words = Svg.Words.of(this::getTranslation);
        charts.add(chart(Svg.bars(getTranslation("emissions.sourcesChart"), "kWh", List.of(
                new Svg.Point(getTranslation("emissions.market"), r.marketKwh()),
                new Svg.Point(getTranslation("emissions.storage"), r.storageKwh()),
                new Svg.Point(getTranslation("emissions.grid"), r.gridKwh()),
                new Svg.Point(getTranslation("emissions.certified"), r.certifiedKwh())), words)));
        charts.add(chart(Svg.bars(getTranslation("emissions.scope2Chart"), "kg CO2", List.of(
                new Svg.Point(getTranslation("emissions.locationBased"), r.locationBasedKg()),
                new Svg.Point(getTranslation("emissions.marketBased"), r.marketBasedKg()),
                new Svg.Point(getTranslation("emissions.avoided"), r.avoidedKg())), words)));
    }

    private static Div chart(String svg) {
        Div d = new Div(new Html("<div>" + svg + "</div>"));
        d.addClassName("gx-chart");
        return d;
    }

    private static String kg(BigDecimal v) {
        return v.stripTrailingZeros().toPlainString();
    }

    private static String percent(BigDecimal v) {
        return v == null ? "–" : v.toPlainString() + " %";
    }
}
