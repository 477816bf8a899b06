package com.greenex.portal.scada;

import com.greenex.portal.base.ui.Formats;
import com.greenex.portal.base.ui.LiveRefresh;
import com.greenex.portal.base.ui.Routes;
import com.greenex.portal.security.GreenexUser;
import com.greenex.scada.mapping.MappingException;
import com.greenex.scada.mapping.MappingReader;
import com.greenex.scada.mapping.PointProblem;
import com.greenex.scada.mapping.SubstationMapping;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.UploadHandler;
import com.vaadin.flow.spring.security.AuthenticationContext;
import jakarta.annotation.security.RolesAllowed;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The integrator: substations, endpoints and their connection state, mapping upload with every
 * point's problem, live values with status and age (lazy), and the bridge's data-quality counters.
 */
@Route(Routes.INTEGRATOR)
@RolesAllowed({"INTEGRATOR", "ADMIN"})
public class IntegratorView extends VerticalLayout implements HasDynamicTitle {

    private final Substations substations;
    private final LiveValues values;
    private final Clock clock;
    private final GreenexUser user;
    final Div connections = new Div();
    /** Every substation with its zone, state, points and connection; paused, resumed and removed from here. */
    final Grid<SubstationLifecycle.Substation> substationGrid = new Grid<>();
    final com.vaadin.flow.component.textfield.TextField stateReason = new com.vaadin.flow.component.textfield.TextField();
    final Button pause = new Button();
    final Button resume = new Button();
    final Button remove = new Button();
    final Div substationResult = new Div();
    final Upload upload;
    final Div uploadResult = new Div();
    final Grid<PointProblem> problems = new Grid<>();
    final Button register = new Button();
    final Grid<LiveValues.Value> liveGrid = new Grid<>();
    final Div counters = new Div();
    /** Admitted participants' meters no mapping has yet: the integrator's work list. */
    final Grid<com.greenex.portal.entry.SelfServiceEntry.MeterToMap> toMap = new Grid<>();
    private final com.greenex.portal.entry.SelfServiceEntry entry;
    private final SubstationLifecycle lifecycle;
    /** Server certificates the portal refused, for the integrator to accept or reject. */
    final Grid<ScadaPki.Pending> certificates = new Grid<>();
    final Button trustCertificate = new Button();
    final Button rejectCertificate = new Button();
    private final ScadaPki scadaPki;
    /** Every bridge, inside the portal or beside it. */
    final Grid<BridgeRegister.Bridge> bridgeGrid = new Grid<>();
    private SubstationMapping uploaded;
    private String uploadedYaml;
    private boolean updating;

    public IntegratorView(Substations substations, LiveValues values, Clock clock, LiveRefresh live,
                          AuthenticationContext auth, com.greenex.portal.entry.SelfServiceEntry entry,
                          SubstationLifecycle lifecycle, ScadaPki pki, BridgeRegister bridgeRegister) {
        this.scadaPki = pki;
        bridgeGrid.setId("bridges");
        bridgeGrid.addColumn(BridgeRegister.Bridge::id).setHeader(getTranslation("integrator.bridge")).setAutoWidth(true);
        bridgeGrid.addColumn(b -> getTranslation("bridge." + b.kind())).setHeader(getTranslation("integrator.bridgeKind")).setAutoWidth(true);
        bridgeGrid.addColumn(b -> getTranslation("bridge." + b.state().name())).setHeader(getTranslation("market.status")).setAutoWidth(true);
        bridgeGrid.addColumn(b -> String.join(", ", b.substations().stream().map(m -> m.get("substation") + (Boolean.TRUE.equals(m.get("connected")) ? " ✓" : " ✗"))
                .toList())).setHeader(getTranslation("integrator.bridgeSubstations")).setFlexGrow(1);
        bridgeGrid.addColumn(b -> Formats.TIME.format(b.seenAt())).setHeader(getTranslation("integrator.bridgeSeen")).setAutoWidth(true);
        bridgeGrid.setAllRowsVisible(true);
        bridgeGrid.setItems(bridgeRegister.bridges());
        certificates.setId("certificates");
        certificates.addColumn(ScadaPki.Pending::subject).setHeader(getTranslation("integrator.certSubject")).setFlexGrow(1);
        certificates.addColumn(ScadaPki.Pending::applicationUri).setHeader(getTranslation("integrator.certUri")).setAutoWidth(true);
        certificates.addColumn(ScadaPki.Pending::thumbprint).setHeader(getTranslation("integrator.certThumbprint")).setAutoWidth(true);
        certificates.addColumn(c -> Formats.TIME.format(c.notAfter())).setHeader(getTranslation("integrator.certNotAfter")).setAutoWidth(true);
        certificates.setAllRowsVisible(true);
        certificates.setItems(pki.pending());
        trustCertificate.setId("trust-certificate");
        trustCertificate.setText(getTranslation("integrator.trust"));
        trustCertificate.addClickListener(e -> certificates.asSingleSelect().getOptionalValue().ifPresent(c -> {
            pki.trust(c.thumbprint(), signedIn());
            certificates.setItems(pki.pending());
        }));
        rejectCertificate.setId("reject-certificate");
        rejectCertificate.setText(getTranslation("integrator.rejectCert"));
        rejectCertificate.addClickListener(e -> certificates.asSingleSelect().getOptionalValue().ifPresent(c -> {
            pki.reject(c.thumbprint(), signedIn());
            certificates.setItems(pki.pending());
        }));
        toMap.setId("meters-to-map");
        toMap.addColumn(com.greenex.portal.entry.SelfServiceEntry.MeterToMap::participantId).setHeader(getTranslation("market.participant")).setAutoWidth(true);
        toMap.addColumn(com.greenex.portal.entry.SelfServiceEntry.MeterToMap::participantName).setHeader(getTranslation("regulator.name"));
        toMap.addColumn(com.greenex.portal.entry.SelfServiceEntry.MeterToMap::meterId).setHeader(getTranslation("integrator.meter")).setAutoWidth(true);
        toMap.addColumn(t -> Formats.TIME.format(t.admittedAt())).setHeader(getTranslation("integrator.admitted")).setAutoWidth(true);
        this.entry = entry;
        this.lifecycle = lifecycle;
        toMap.setItems(entry.metersToMap(null));
        toMap.setAllRowsVisible(true);
        this.substations = substations;
        this.values = values;
        this.clock = clock;
        this.user = auth.getAuthenticatedUser(GreenexUser.class).orElseThrow();
        setSizeFull();
        connections.setId("connections");
        connections.addClassName("gx-cards");
        counters.setId("counters");
        counters.addClassName("gx-cards");
        substationGrid.setId("substations");
        substationGrid.addColumn(SubstationLifecycle.Substation::id).setHeader(getTranslation("integrator.substation")).setAutoWidth(true).setFlexGrow(0);
        substationGrid.addColumn(SubstationLifecycle.Substation::zone).setHeader(getTranslation("market.zone")).setAutoWidth(true).setFlexGrow(0);
        com.vaadin.flow.function.ValueProvider<SubstationLifecycle.Substation, String> state = s -> getTranslation("substation." + s.state())
                + (s.stateReason() == null ? "" : " — " + s.stateReason() + " (" + s.stateChangedBy() + ", " + Formats.TIME.format(s.stateChangedAt()) + ")");
        substationGrid.addColumn(state).setHeader(getTranslation("market.status")).setFlexGrow(3).setTooltipGenerator(state::apply);
        substationGrid.addColumn(SubstationLifecycle.Substation::points).setHeader(getTranslation("integrator.points")).setAutoWidth(true).setFlexGrow(0);
        com.vaadin.flow.function.ValueProvider<SubstationLifecycle.Substation, String> connection = s -> s.bridge() == null
                ? getTranslation("integrator.notBridgedHere") : s.bridge().detail();
        substationGrid.addColumn(connection).setHeader(getTranslation("integrator.endpoint")).setFlexGrow(2).setTooltipGenerator(connection::apply);
        substationGrid.addColumn(s -> s.bridge() == null || s.bridge().facts().get("security") == null ? "" : s.bridge().facts().get("security").toString())
                .setHeader(getTranslation("integrator.security")).setAutoWidth(true);
        substationGrid.setAllRowsVisible(true);
        stateReason.setId("substation-reason");
        stateReason.setLabel(getTranslation("integrator.stateReason"));
        stateReason.setMaxLength(500);
        stateReason.setWidth("28rem");
        pause.setId("pause-substation");
        pause.setText(getTranslation("integrator.pause"));
        resume.setId("resume-substation");
        resume.setText(getTranslation("integrator.resume"));
        remove.setId("remove-substation");
        remove.setText(getTranslation("integrator.remove"));
        remove.addThemeName("error");
        substationResult.setId("substation-result");
        substationGrid.asSingleSelect().addValueChangeListener(e -> enableStateButtons(e.getValue()));
        pause.addClickListener(e -> changeState(s -> lifecycle.pause(signedIn(), s.id(), stateReason.getValue())));
        resume.addClickListener(e -> changeState(s -> lifecycle.resume(signedIn(), s.id())));
        remove.addClickListener(e -> changeState(s -> lifecycle.remove(signedIn(), s.id(), stateReason.getValue())));
        showSubstations();

        upload = new Upload(UploadHandler.inMemory((meta, bytes) -> {
            // Parsed outside the UI's lock, within a time limit: a hostile file never holds the integrator's page.
            MappingParse.Parsed parsed = parse(meta.fileName(), bytes);
            UI ui = UI.getCurrent();
            if (ui != null) {
                ui.access(() -> show(meta.fileName(), parsed));
            } else {
                show(meta.fileName(), parsed);
            }
        }));
        upload.setId("mapping-upload");
        upload.setAcceptedFileTypes(".yaml", ".yml", "application/x-yaml", "text/yaml");
        upload.setMaxFileSize(MappingReader.MAX_BYTES);
        upload.addFileRejectedListener(e -> showUploadError(e.getErrorMessage()));
        uploadResult.setId("upload-result");
        problems.setId("mapping-problems");
        problems.addColumn(PointProblem::index).setHeader("#").setAutoWidth(true);
        problems.addColumn(PointProblem::participant).setHeader(getTranslation("market.participant")).setAutoWidth(true);
        problems.addColumn(PointProblem::node).setHeader(getTranslation("integrator.node")).setAutoWidth(true);
        problems.addColumn(PointProblem::reason).setHeader(getTranslation("regulator.reason")).setFlexGrow(1);
        problems.setHeight("12rem");
        problems.setVisible(false);
        register.setText(getTranslation("integrator.register"));
        register.setId("register-points");
        register.setEnabled(false);
        register.addClickListener(e -> registerPoints());

        liveGrid.setId("live-values");
        liveGrid.addColumn(LiveValues.Value::participantId).setHeader(getTranslation("market.participant")).setAutoWidth(true);
        liveGrid.addColumn(LiveValues.Value::device).setHeader(getTranslation("integrator.device")).setAutoWidth(true);
        liveGrid.addColumn(v -> getTranslation("quantity." + v.quantity())).setHeader(getTranslation("integrator.quantity")).setAutoWidth(true);
        liveGrid.addColumn(v -> v.value() == null ? "" : v.value().stripTrailingZeros().toPlainString()).setHeader(getTranslation("integrator.value"));
        liveGrid.addColumn(v -> getTranslation("quality." + v.quality())).setHeader(getTranslation("integrator.quality")).setAutoWidth(true);
        liveGrid.addColumn(v -> Formats.age(v.sourceTime(), clock.instant())).setHeader(getTranslation("integrator.age")).setAutoWidth(true);
        liveGrid.addColumn(LiveValues.Value::node).setHeader(getTranslation("integrator.node"));
        liveGrid.setItems(q -> values.page(q.getOffset(), q.getLimit()).stream(), q -> (int) values.count());
        liveGrid.setHeight("20rem");

        add(new H2(getTranslation("integrator.title")), new H3(getTranslation("integrator.bridges")), bridgeGrid, connections,
                new H3(getTranslation("integrator.substations")), substationGrid, new HorizontalLayout(stateReason, pause, resume, remove), substationResult, new H3(getTranslation("integrator.quality")), counters,
                new H3(getTranslation("integrator.mapping")), new Paragraph(getTranslation("integrator.mappingHelp")), upload, uploadResult,
                problems, register, new H3(getTranslation("integrator.certificates")), certificates,
                new HorizontalLayout(trustCertificate, rejectCertificate), new H3(getTranslation("integrator.toMap")), toMap, new H3(getTranslation("integrator.live")), liveGrid);
        show(substations.status());
        live.whileAttached(this, Duration.ofSeconds(2), substations::status, s -> {
            show(s);
            showSubstations();
            liveGrid.getDataProvider().refreshAll();
        });
    }

    void show(List<SubstationStatus> substations) {
        connections.removeAll();
        counters.removeAll();
        if (substations.isEmpty()) {
            Span none = new Span(getTranslation("integrator.noBridge"));
            none.addClassName("gx-empty");
            connections.add(none);
        }
        for (SubstationStatus c : substations) {
            Div card = new Div(new Span("substation " + c.substation()),
                    new Div(getTranslation(c.connected() ? "integrator.connected" : "integrator.disconnected")), new Span(c.detail()));
            card.addClassNames("gx-card", c.connected() ? "gx-up" : "gx-down");
            connections.add(card);
            for (Map.Entry<String, Object> f : c.facts().entrySet()) {
                if (f.getValue() instanceof Number) {
                    Span label = new Span(getTranslation("counter." + f.getKey()));
                    label.addClassName("gx-label");
                    Div v = new Div(f.getValue().toString());
                    v.addClassName("gx-value");
                    Div counter = new Div(label, v);
                    counter.addClassName("gx-card");
                    counter.setId("counter-" + f.getKey());
                    counters.add(counter);
                }
            }
        }
    }

    /** How long reading an uploaded mapping may take before it is refused. */
    static MappingParse.Parsed parse(String fileName, byte[] bytes) {
        return MappingParse.parse(fileName, bytes);
    }

    /** Reads an uploaded mapping: the file's own error, or every point's problem, and whether points can be registered. */
    void validate(String fileName, byte[] bytes) {
        show(fileName, parse(fileName, bytes));
    }

    private void show(String fileName, MappingParse.Parsed parsed) {
        uploadResult.removeAll();
        uploaded = null;
        register.setEnabled(false);
        try {
            if (parsed.error() != null) {
                throw new MappingException(parsed.error());
            }
            SubstationMapping m = parsed.mapping();
            uploaded = m;
            uploadedYaml = parsed.yaml();
            // A substation connected by upload before (and not removed) is updated with it; any other is connected.
            updating = lifecycle.list().stream().anyMatch(s -> s.id().equals(m.substation()) && s.uploaded() && !s.state().equals("REMOVED"));
            register.setText(updating ? getTranslation("integrator.update", m.substation()) : getTranslation("integrator.register"));
            Paragraph summary = new Paragraph(getTranslation("integrator.mappingRead", fileName, m.substation(), m.points().size(), m.problems().size()));
            summary.addClassName(m.problems().isEmpty() ? "gx-up" : "gx-alarm");
            summary.setId("mapping-summary");
            uploadResult.add(summary);
            problems.setItems(m.problems());
            problems.setVisible(!m.problems().isEmpty());
            // Registered whole or not at all: a mapping with a problem is corrected first.
            register.setEnabled(!m.points().isEmpty() && m.problems().isEmpty());
        } catch (MappingException e) {
            showUploadError(e.getMessage());
        }
    }

    private void showUploadError(String message) {
        uploadResult.removeAll();
        Paragraph p = new Paragraph(getTranslation("integrator.mappingError", message));
        p.addClassName("gx-alarm");
        p.setId("mapping-summary");
        uploadResult.add(p);
        problems.setVisible(false);
        register.setEnabled(false);
    }

    void registerPoints() {
        if (uploaded == null) {
            return;
        }
        try {
            // Checked on the endpoint, registered whole or not at all, and bridged at once: no restart.
            SubstationLifecycle.Connected c = updating ? lifecycle.update(user.getUsername(), uploaded.substation(), uploaded, uploadedYaml)
                    : lifecycle.connect(user.getUsername(), uploaded, uploadedYaml);
            Paragraph done = new Paragraph(updating ? getTranslation("integrator.substationUpdated", c.substation(), c.points(),
                    c.status() == null ? getTranslation("substation.PAUSED") : c.status().detail())
                    : getTranslation("integrator.substationConnected", c.substation(), c.points(), c.status().detail()));
            done.setId("mapping-connected");
            done.addClassName("gx-up");
            uploadResult.add(done);
            toMap.setItems(entry.metersToMap(null));
            problems.setVisible(false);
            register.setEnabled(false);
            liveGrid.getDataProvider().refreshAll();
            showSubstations();
        } catch (IllegalArgumentException | IllegalStateException e) {
            showUploadError(e.getMessage());
            certificates.setItems(scadaPki.pending());
        }
    }

    void showSubstations() {
        SubstationLifecycle.Substation selected = substationGrid.asSingleSelect().getValue();
        List<SubstationLifecycle.Substation> all = lifecycle.list();
        substationGrid.setItems(all);
        SubstationLifecycle.Substation again = selected == null ? null : all.stream().filter(s -> s.id().equals(selected.id())).findFirst().orElse(null);
        if (again != null) {
            substationGrid.asSingleSelect().setValue(again);
        }
        enableStateButtons(again);
    }

    private void enableStateButtons(SubstationLifecycle.Substation s) {
        pause.setEnabled(s != null && s.state().equals("ACTIVE"));
        resume.setEnabled(s != null && s.state().equals("PAUSED"));
        remove.setEnabled(s != null && !s.state().equals("REMOVED"));
    }

    private void changeState(java.util.function.Function<SubstationLifecycle.Substation, SubstationLifecycle.Substation> change) {
        SubstationLifecycle.Substation s = substationGrid.asSingleSelect().getValue();
        if (s == null) {
            return;
        }
        substationResult.removeAll();
        try {
            SubstationLifecycle.Substation now = change.apply(s);
            Paragraph done = new Paragraph(getTranslation("integrator.stateChanged", now.id(), getTranslation("substation." + now.state())));
            done.addClassName("gx-up");
            substationResult.add(done);
            stateReason.clear();
        } catch (IllegalArgumentException | IllegalStateException | java.util.NoSuchElementException e) {
            Paragraph refused = new Paragraph(e.getMessage());
            refused.addClassName("gx-alarm");
            substationResult.add(refused);
        }
        showSubstations();
    }

    private String signedIn() {
        return user.getUsername();
    }

    @Override
    public String getPageTitle() {
        return "Greenex · " + getTranslation("integrator.title");
    }
}
