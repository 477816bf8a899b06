package com.greenex.portal.certificates;

import com.greenex.portal.base.ui.Formats;
import com.greenex.portal.security.GreenexUser;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;

import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The regulator's view of green certificates: per month, how many were issued, transferred, retired,
 * revoked and expired (and the energy issued and retired); and the revocation of one, with a reason,
 * on chain and in the audit log.
 */
public class CertificatesOversight extends VerticalLayout {

    final DatePicker from = new DatePicker();
    final DatePicker to = new DatePicker();
    final Grid<Certificates.Month> months = new Grid<>();
    final TextField serial = new TextField();
    final TextField reason = new TextField();
    final Button revoke = new Button();
    final Paragraph outcome = new Paragraph();
    private final Certificates certificates;

    public CertificatesOversight(Certificates certificates, GreenexUser user) {
        this.certificates = certificates;
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        from.setId("summary-from");
        from.setLabel(getTranslation("participant.from"));
        from.setValue(today.minusMonths(11).withDayOfMonth(1));
        to.setId("summary-to");
        to.setLabel(getTranslation("participant.to"));
        to.setValue(today);
        Button show = new Button(getTranslation("certificates.summaryShow"), e -> refresh());
        show.setId("summary-show");
        months.setId("certificate-summary");
        months.addColumn(Certificates.Month::month).setHeader(getTranslation("certificates.month")).setAutoWidth(true);
        months.addColumn(Certificates.Month::issued).setHeader(getTranslation("certificate.ISSUED"));
        months.addColumn(Certificates.Month::transferred).setHeader(getTranslation("certificate.TRANSFERRED"));
        months.addColumn(Certificates.Month::retired).setHeader(getTranslation("certificate.RETIRED"));
        months.addColumn(Certificates.Month::revoked).setHeader(getTranslation("certificate.REVOKED"));
        months.addColumn(Certificates.Month::expired).setHeader(getTranslation("certificate.EXPIRED"));
        months.addColumn(m -> Formats.kwh(m.issuedKwh())).setHeader(getTranslation("certificates.issuedKwh"));
        months.addColumn(m -> Formats.kwh(m.retiredKwh())).setHeader(getTranslation("certificates.retiredKwh"));
        months.setAllRowsVisible(true);

        serial.setId("revoke-serial");
        serial.setLabel(getTranslation("certificates.serial"));
        reason.setId("revoke-reason");
        reason.setLabel(getTranslation("certificates.revokeReason"));
        reason.setWidth("28rem");
        revoke.setId("revoke");
        revoke.setText(getTranslation("certificates.revoke"));
        revoke.setEnabled(user.hasRole("REGULATOR"));
        outcome.setId("revoke-outcome");
        revoke.addClickListener(e -> {
            outcome.removeClassName("gx-alarm");
            try {
                long s;
                try {
                    s = Long.parseLong(serial.getValue().strip());
                } catch (NumberFormatException bad) {
                    throw new IllegalArgumentException(getTranslation("certificates.badSerial", serial.getValue()));
                }
                com.greenex.settlement.CertificateRegistry.Change c = certificates.revoke(user, s, reason.getValue());
                outcome.setText(getTranslation("certificates.done", c.serial(), getTranslation("certificate." + c.status()), c.txHash()));
                refresh();
            } catch (IllegalArgumentException | IllegalStateException | java.util.NoSuchElementException
                     | org.springframework.security.access.AccessDeniedException | org.springframework.dao.DataAccessException ex) {
                outcome.setText(getTranslation("certificates.refused", ex.getMessage()));
                outcome.addClassName("gx-alarm");
            }
        });
        add(new HorizontalLayout(from, to, show), months, new HorizontalLayout(serial, reason, revoke), outcome);
        refresh();
    }

    void refresh() {
        try {
            months.setItems(certificates.summary(from.getValue(), to.getValue().plusDays(1)));
        } catch (IllegalArgumentException e) {
            outcome.setText(e.getMessage());
            outcome.addClassName("gx-alarm");
        }
    }
}
