package com.greenex.portal.certificates;

import com.greenex.portal.base.ui.Formats;
import com.greenex.portal.security.GreenexUser;
import com.greenex.portal.security.Viewer;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * "My certificates": the participant's green certificates, each with where its energy came from (the
 * trades and their Merkle proofs) and its history; the one chosen can be transferred to another
 * participant or retired (claimed) for a beneficiary, a purpose and a consumption period. What the
 * chain or the rules refuse is said next to the form, in the chain's or the rule's words.
 */
public class MyCertificates extends Div {

    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    final Grid<Certificates.Row> grid = new Grid<>();
    final TextField transferTo = new TextField();
    final Button transfer = new Button();
    final TextField beneficiary = new TextField();
    final TextField purpose = new TextField();
    final DatePicker periodFrom = new DatePicker();
    final DatePicker periodTo = new DatePicker();
    final Button retire = new Button();
    final Paragraph outcome = new Paragraph();
    final Div provenance = new Div();
    private final Certificates certificates;
    private final GreenexUser user;

    public MyCertificates(Certificates certificates, GreenexUser user) {
        this.certificates = certificates;
        this.user = user;
        Viewer viewer = new Viewer(user.getUsername(), user.participantId(), false);
        String participant = user.participantId();
        grid.setId("my-certificates");
        grid.addColumn(Certificates.Row::serial).setHeader(getTranslation("certificates.serial")).setAutoWidth(true);
        grid.addColumn(c -> getTranslation("certificate." + c.status())).setHeader(getTranslation("trades.state")).setAutoWidth(true);
        grid.addColumn(c -> Formats.energy(c.energyKwh())).setHeader(getTranslation("market.energy")).setAutoWidth(true);
        grid.addColumn(c -> c.ownerId() != null ? c.ownerId() : Formats.short0x(c.holderAddress())).setHeader(getTranslation("certificates.owner"));
        grid.addColumn(c -> DAY_TIME.format(c.issuedAt())).setHeader(getTranslation("certificates.issuedAt"));
        grid.addColumn(c -> DAY_TIME.format(c.expiresAt())).setHeader(getTranslation("certificates.expiresAt"));
        grid.addColumn(c -> c.txHash() == null ? getTranslation("certificates.pendingOnChain") : Formats.short0x(c.txHash())).setHeader(getTranslation("market.tx"));
        grid.setItems(q -> certificates.of(viewer, participant, q.getOffset(), q.getLimit()).stream(), q -> (int) certificates.countOf(viewer, participant));
        grid.setHeight("14rem");
        grid.asSingleSelect().addValueChangeListener(e -> show(e.getValue()));

        transferTo.setId("transfer-to");
        transferTo.setLabel(getTranslation("certificates.transferTo"));
        transferTo.setPlaceholder("P-002");
        transfer.setId("transfer");
        transfer.setText(getTranslation("certificates.transfer"));
        transfer.addClickListener(e -> act(() -> certificates.transfer(user, selected(), transferTo.getValue(), null)));

        LocalDate lastMonth = LocalDate.now(ZoneOffset.UTC).minusMonths(1);
        beneficiary.setId("retire-beneficiary");
        beneficiary.setLabel(getTranslation("certificates.beneficiary"));
        purpose.setId("retire-purpose");
        purpose.setLabel(getTranslation("certificates.purpose"));
        purpose.setValue(getTranslation("certificates.purposeDefault", lastMonth.getYear()));
        periodFrom.setId("retire-from");
        periodFrom.setLabel(getTranslation("certificates.periodFrom"));
        periodFrom.setValue(lastMonth.withDayOfMonth(1));
        periodTo.setId("retire-to");
        periodTo.setLabel(getTranslation("certificates.periodTo"));
        periodTo.setValue(lastMonth.withDayOfMonth(lastMonth.lengthOfMonth()));
        retire.setId("retire");
        retire.setText(getTranslation("certificates.retire"));
        retire.addClickListener(e -> act(() -> certificates.retire(user, selected(), beneficiary.getValue(), purpose.getValue(), periodFrom.getValue(),
                periodTo.getValue())));
        outcome.setId("certificate-outcome");
        provenance.setId("certificate-provenance");
        enableActions(false);
        add(grid, new HorizontalLayout(transferTo, transfer), new HorizontalLayout(beneficiary, purpose, periodFrom, periodTo, retire), outcome, provenance);
    }

    private long selected() {
        Certificates.Row r = grid.asSingleSelect().getValue();
        if (r == null) {
            throw new IllegalArgumentException(getTranslation("certificates.chooseFirst"));
        }
        return r.serial();
    }

    private void enableActions(boolean live) {
        transfer.setEnabled(live);
        retire.setEnabled(live);
    }

    private void act(java.util.function.Supplier<com.greenex.settlement.CertificateRegistry.Change> action) {
        outcome.removeClassName("gx-alarm");
        try {
            com.greenex.settlement.CertificateRegistry.Change c = action.get();
            outcome.setText(getTranslation("certificates.done", c.serial(), getTranslation("certificate." + c.status()), c.txHash()));
            grid.getDataProvider().refreshAll();
            grid.asSingleSelect().clear();
        } catch (IllegalArgumentException | IllegalStateException | java.util.NoSuchElementException
                 | org.springframework.security.access.AccessDeniedException | org.springframework.dao.DataAccessException e) {
            outcome.setText(getTranslation("certificates.refused", e.getMessage()));
            outcome.addClassName("gx-alarm");
        }
    }

    private void show(Certificates.Row row) {
        provenance.removeAll();
        boolean live = row != null && row.txHash() != null && (row.status().equals("ISSUED") || row.status().equals("TRANSFERRED"))
                && user.participantId().equals(row.ownerId());
        enableActions(live);
        if (row == null) {
            return;
        }
        Certificates.Detail d = certificates.detail(new Viewer(user.getUsername(), user.participantId(), false), row.serial());
        provenance.add(new Paragraph(getTranslation("certificates.provenance", d.serial(), Formats.energy(d.energyKwh()), d.sources().size())));
        UnorderedList sources = new UnorderedList();
        sources.setId("certificate-sources");
        for (Certificates.Source s : d.sources()) {
            ListItem li = new ListItem(getTranslation("certificates.source", s.intervalId(), DAY_TIME.format(s.intervalStart()), s.sellerId(),
                    Formats.energy(s.energyKwh())) + " ");
            Anchor proof = new Anchor(s.proof(), getTranslation("certificates.proof", s.tradeId()));
            proof.setTarget("_blank");
            li.add(proof);
            sources.add(li);
        }
        UnorderedList history = new UnorderedList();
        history.setId("certificate-history");
        for (Certificates.Event ev : d.events()) {
            history.add(new ListItem(DAY_TIME.format(ev.at()) + " · " + getTranslation("certificate." + ev.kind())
                    + (ev.toId() != null ? " → " + ev.toId() : "") + (ev.toAddress() != null ? " → " + ev.toAddress() : "")
                    + (ev.detail() != null ? " · " + ev.detail() : "") + (ev.txHash() != null ? " · " + Formats.short0x(ev.txHash()) : "")));
        }
        provenance.add(sources, new Paragraph(getTranslation("certificates.history")), history);
    }
}
