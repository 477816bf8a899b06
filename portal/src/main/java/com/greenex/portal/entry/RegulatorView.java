package com.greenex.portal.entry;

import com.greenex.portal.audit.AuditEntry;
import com.greenex.portal.audit.AuditLog;
import com.greenex.portal.audit.ChainProblem;
import com.greenex.portal.base.ui.Formats;
import com.greenex.portal.base.ui.Routes;
import com.greenex.portal.security.GreenexUser;
import com.greenex.rules.EntryDecision;
import com.greenex.rules.Finding;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import jakarta.annotation.security.RolesAllowed;

import java.util.List;

/**
 * The regulator: the market-entry queue with each rule's verdict and reason, approve or reject with a
 * comment, delisting, the participant register, and the audit log with its hash-chain check.
 */
@Route(Routes.REGULATOR)
@RolesAllowed({"REGULATOR", "ADMIN"})
public class RegulatorView extends VerticalLayout implements HasDynamicTitle {

    private final MarketEntry entry;
    private final AuditLog audit;
    private final com.greenex.portal.trades.AuditAnchoring anchoring;
    private final GreenexUser user;
    final Grid<MarketEntry.Review> queue = new Grid<>();
    final Grid<Finding> verdicts = ApplicationForm.verdictGrid(this, "verdicts");
    final TextArea comment = new TextArea();
    final Button approve = new Button();
    final Button reject = new Button();
    final Div decision = new Div();
    final Grid<MarketEntry.ParticipantRow> register = new Grid<>();
    final Grid<AuditEntry> auditGrid = new Grid<>();
    final Span chainCheck = new Span();
    final Button delist = new Button();
    final Div details = new Div();
    final Grid<DelistingRequests.Request> leaving = new Grid<>();
    final Grid<MarketEntry.Verdict> leavingVerdicts = new Grid<>();
    final TextArea leavingComment = new TextArea();
    final Button approveLeaving = new Button();
    final Button rejectLeaving = new Button();
    final Div leavingDecision = new Div();
    private final DelistingRequests delisting;

    RegulatorView(MarketEntry entry, DelistingRequests delisting, AuditLog audit, com.greenex.portal.trades.AuditAnchoring anchoring,
                  com.greenex.portal.certificates.Certificates certificates, AuthenticationContext auth) {
        this.delisting = delisting;
        this.anchoring = anchoring;
        this.entry = entry;
        this.audit = audit;
        this.user = auth.getAuthenticatedUser(GreenexUser.class).orElseThrow();
        setSizeFull();
        TabSheet tabs = new TabSheet();
        tabs.setWidthFull();
        tabs.add(getTranslation("regulator.queue"), queueTab()).setId("tab-queue");
        tabs.add(getTranslation("regulator.leaving"), leavingTab()).setId("tab-leaving");
        tabs.add(getTranslation("regulator.register"), registerTab()).setId("tab-register");
        tabs.add(getTranslation("regulator.audit"), auditTab()).setId("tab-audit");
        tabs.add(getTranslation("regulator.certificates"), new com.greenex.portal.certificates.CertificatesOversight(certificates, user)).setId("tab-certificates");
        add(new H2(getTranslation("regulator.title")), tabs);
        refreshQueue();
    }

    private VerticalLayout queueTab() {
        queue.setId("entry-queue");
        queue.addColumn(r -> r.application().id()).setHeader("#").setAutoWidth(true);
        queue.addColumn(r -> r.application().participantId()).setHeader(getTranslation("market.participant")).setAutoWidth(true);
        queue.addColumn(r -> r.application().participantName()).setHeader(getTranslation("regulator.name"));
        queue.addColumn(r -> r.application().capacityKw().stripTrailingZeros().toPlainString() + " kW @ " + r.application().voltageLevel())
                .setHeader(getTranslation("regulator.capacity"));
        queue.addColumn(r -> r.application().meters().isEmpty() ? r.application().meterId() : r.application().meters())
                .setHeader(getTranslation("regulator.meters"));
        queue.addColumn(r -> r.application().revision()).setHeader(getTranslation("myapp.revision")).setAutoWidth(true);
        queue.addColumn(r -> getTranslation("entry." + r.decision().outcome().name())).setHeader(getTranslation("regulator.rules")).setAutoWidth(true);
        queue.setHeight("14rem");
        queue.asSingleSelect().addValueChangeListener(e -> select(e.getValue()));
        comment.setId("comment");
        comment.setLabel(getTranslation("regulator.comment"));
        comment.setWidthFull();
        approve.setText(getTranslation("regulator.approve"));
        approve.setId("approve");
        approve.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SUCCESS);
        approve.addClickListener(e -> decide(true));
        reject.setText(getTranslation("regulator.reject"));
        reject.setId("reject");
        reject.addThemeVariants(ButtonVariant.LUMO_ERROR);
        reject.addClickListener(e -> decide(false));
        decision.setId("decision");
        select(null);
        details.setId("application-details");
        return new VerticalLayout(queue, details, verdicts, comment, new HorizontalLayout(approve, reject), decision);
    }

    private VerticalLayout leavingTab() {
        leaving.setId("leaving");
        leaving.addColumn(DelistingRequests.Request::id).setHeader("#").setAutoWidth(true);
        leaving.addColumn(DelistingRequests.Request::participantId).setHeader(getTranslation("market.participant")).setAutoWidth(true);
        leaving.addColumn(DelistingRequests.Request::participantName).setHeader(getTranslation("regulator.name"));
        leaving.addColumn(r -> Formats.TIME.format(r.requestedAt())).setHeader(getTranslation("myapp.submitted")).setAutoWidth(true);
        leaving.addColumn(DelistingRequests.Request::reason).setHeader(getTranslation("leave.reason")).setFlexGrow(1);
        leaving.setHeight("12rem");
        leaving.asSingleSelect().addValueChangeListener(e -> leavingVerdicts.setItems(e.getValue() == null ? List.of() : e.getValue().verdicts()));
        leavingVerdicts.setId("leaving-verdicts");
        leavingVerdicts.addColumn(MarketEntry.Verdict::rule).setHeader(getTranslation("regulator.rule")).setAutoWidth(true);
        leavingVerdicts.addColumn(v -> getTranslation(v.passed() ? "leave.keep" : "leave.delist")).setHeader(getTranslation("regulator.verdict")).setAutoWidth(true);
        leavingVerdicts.addColumn(MarketEntry.Verdict::reason).setHeader(getTranslation("regulator.reason")).setFlexGrow(1);
        leavingVerdicts.setAllRowsVisible(true);
        leavingComment.setId("leaving-comment");
        leavingComment.setLabel(getTranslation("regulator.comment"));
        leavingComment.setWidthFull();
        approveLeaving.setId("approve-leaving");
        approveLeaving.setText(getTranslation("regulator.approveLeaving"));
        approveLeaving.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        approveLeaving.addClickListener(e -> decideLeaving(true));
        rejectLeaving.setId("reject-leaving");
        rejectLeaving.setText(getTranslation("regulator.reject"));
        rejectLeaving.addClickListener(e -> decideLeaving(false));
        leavingDecision.setId("leaving-decision");
        leaving.setItems(delisting.pending());
        return new VerticalLayout(leaving, leavingVerdicts, leavingComment, new HorizontalLayout(approveLeaving, rejectLeaving), leavingDecision);
    }

    void decideLeaving(boolean approved) {
        DelistingRequests.Request r = leaving.asSingleSelect().getValue();
        if (r == null) {
            leavingDecision.setText(getTranslation("regulator.pickFirst"));
            return;
        }
        leavingComment.setInvalid(false);
        try {
            delisting.decide(r.id(), approved, leavingComment.getValue(), user);
            leavingDecision.setText(getTranslation(approved ? "regulator.leavingApproved" : "regulator.leavingRejected", r.participantId()));
            leavingComment.clear();
            leaving.setItems(delisting.pending());
            leavingVerdicts.setItems(List.of());
            register.getDataProvider().refreshAll();
            auditGrid.getDataProvider().refreshAll();
        } catch (IllegalArgumentException e) {
            leavingComment.setErrorMessage(e.getMessage().substring(e.getMessage().indexOf(':') + 1).strip());
            leavingComment.setInvalid(true);
        } catch (IllegalStateException | java.util.NoSuchElementException e) {
            leavingDecision.setText(getTranslation("regulator.error", e.getMessage()));
        }
    }

    void refreshQueue() {
        List<MarketEntry.Review> reviews = entry.queue();
        queue.setItems(reviews);
        if (reviews.isEmpty()) {
            decision.setText(getTranslation("regulator.queueEmpty"));
        }
    }

    private void select(MarketEntry.Review r) {
        verdicts.setItems(r == null ? List.of() : r.decision().findings());
        details.setText(r == null ? "" : getTranslation("regulator.details", r.application().contact() == null ? "–" : r.application().contact(),
                r.application().batteryKwh() == null ? "–" : r.application().batteryKwh().stripTrailingZeros().toPlainString() + " kWh",
                r.application().tradingClient() == null ? (r.application().tradingClientInstalled() ? "✓" : "–") : r.application().tradingClient()));
        approve.setEnabled(r != null && r.decision().outcome() != EntryDecision.Outcome.REJECTED);
        reject.setEnabled(r != null);
        comment.setEnabled(r != null);
    }

    void decide(boolean approved) {
        MarketEntry.Review r = queue.asSingleSelect().getValue();
        if (r == null) {
            decision.setText(getTranslation("regulator.pickFirst"));
            return;
        }
        try {
            EntryDecision d = entry.decide(r.application().id(), approved, comment.getValue(), user);
            decision.setText(getTranslation(approved ? "regulator.approved" : "regulator.rejected", r.application().participantId(),
                    getTranslation("entry." + d.outcome().name())));
            comment.clear();
            comment.setInvalid(false);
            refreshQueue();
            register.getDataProvider().refreshAll();
            auditGrid.getDataProvider().refreshAll();
        } catch (IllegalArgumentException | IllegalStateException | java.util.NoSuchElementException e) {
            comment.setInvalid(comment.getValue().isBlank());
            comment.setErrorMessage(getTranslation("regulator.commentNeeded"));
            decision.setText(getTranslation("regulator.error", e.getMessage()));
        }
    }

    private VerticalLayout registerTab() {
        register.setId("register");
        register.addColumn(MarketEntry.ParticipantRow::id).setHeader(getTranslation("market.participant")).setAutoWidth(true);
        register.addColumn(MarketEntry.ParticipantRow::name).setHeader(getTranslation("regulator.name"));
        register.addColumn(p -> p.capacityKw().stripTrailingZeros().toPlainString() + " kW @ " + p.voltageLevel()).setHeader(getTranslation("regulator.capacity"));
        register.addColumn(p -> getTranslation("participant." + p.status())).setHeader(getTranslation("market.status")).setAutoWidth(true);
        register.addColumn(p -> p.account() == null ? "" : Formats.short0x(p.account())).setHeader(getTranslation("regulator.account"));
        register.setItems(q -> entry.participants(q.getOffset(), q.getLimit()).stream(), q -> (int) entry.participantCount());
        register.setHeight("24rem");
        delist.setText(getTranslation("regulator.delist"));
        delist.setId("delist");
        delist.addClickListener(e -> {
            MarketEntry.ParticipantRow p = register.asSingleSelect().getValue();
            if (p == null) {
                Notification.show(getTranslation("regulator.pickParticipant"));
            } else {
                delistDialog(p).open();
            }
        });
        return new VerticalLayout(register, delist);
    }

    Dialog delistDialog(MarketEntry.ParticipantRow p) {
        Dialog d = new Dialog();
        d.setHeaderTitle(getTranslation("regulator.delistTitle", p.id()));
        Select<String> cause = new Select<>();
        cause.setLabel(getTranslation("regulator.cause"));
        cause.setItems(MarketEntry.DELISTING_CAUSES.stream().sorted().toList());
        cause.setItemLabelGenerator(c -> getTranslation("cause." + c));
        cause.setValue("REGULATOR");
        TextArea reason = new TextArea(getTranslation("regulator.reason"));
        reason.setId("delist-reason");
        Paragraph error = new Paragraph();
        error.addClassName("gx-alarm");
        Button ok = new Button(getTranslation("regulator.delist"), e -> {
            try {
                entry.delist(p.id(), cause.getValue(), reason.getValue(), user);
                register.getDataProvider().refreshAll();
                auditGrid.getDataProvider().refreshAll();
                d.close();
                Notification.show(getTranslation("regulator.delisted", p.id()));
            } catch (IllegalArgumentException ex) {
                error.setText(ex.getMessage());
            }
        });
        ok.setId("delist-confirm");
        d.add(new VerticalLayout(cause, reason, error));
        d.getFooter().add(new Button(getTranslation("action.cancel"), e -> d.close()), ok);
        return d;
    }

    private VerticalLayout auditTab() {
        auditGrid.setId("audit");
        auditGrid.addColumn(AuditEntry::seq).setHeader("#").setAutoWidth(true);
        auditGrid.addColumn(a -> Formats.TIME.format(a.at())).setHeader(getTranslation("audit.at")).setAutoWidth(true);
        auditGrid.addColumn(AuditEntry::actor).setHeader(getTranslation("audit.actor")).setAutoWidth(true);
        auditGrid.addColumn(AuditEntry::action).setHeader(getTranslation("audit.action")).setAutoWidth(true);
        auditGrid.addColumn(AuditEntry::subject).setHeader(getTranslation("audit.subject")).setAutoWidth(true);
        auditGrid.addColumn(AuditEntry::detailsJson).setHeader(getTranslation("audit.details")).setFlexGrow(1);
        auditGrid.setItems(q -> audit.page(q.getOffset(), q.getLimit()).stream(), q -> (int) audit.count());
        auditGrid.setHeight("24rem");
        chainCheck.setId("chain-check");
        Button verify = new Button(getTranslation("audit.verify"), e -> verifyChain());
        verify.setId("verify-audit");
        return new VerticalLayout(new HorizontalLayout(verify, chainCheck), auditGrid);
    }

    void verifyChain() {
        List<ChainProblem> problems = new java.util.ArrayList<>(audit.verify());
        problems.addAll(anchoring.verify());
        if (problems.isEmpty()) {
            chainCheck.setText(getTranslation("audit.intact", audit.count()) + " " + getTranslation("audit.anchored", anchoring.anchors()));
            chainCheck.setClassName("gx-up");
        } else {
            chainCheck.setText(getTranslation("audit.broken", problems.size(), problems.getFirst().seq() + ": " + problems.getFirst().problem()));
            chainCheck.setClassName("gx-alarm");
        }
    }

    @Override
    public String getPageTitle() {
        return "Greenex · " + getTranslation("regulator.title");
    }
}
