package com.greenex.portal.certificates;

import com.greenex.portal.entry.RegulatorView;
import com.greenex.portal.participant.ParticipantView;
import com.greenex.portal.testing.TestPortal;
import com.greenex.portal.testing.ViewTest;
import com.vaadin.flow.component.UI;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import static com.github.mvysny.kaributesting.v10.GridKt._get;
import static com.github.mvysny.kaributesting.v10.GridKt._size;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

/** The certificates in the views: a participant transfers one (its provenance shown), the regulator revokes it and reads the summary. */
class CertificatesViewIT extends ViewTest {

    @Test
    void aParticipantTransfersACertificateAndTheRegulatorRevokesItWithAReason() throws Exception {
        portal.awaitSettledIntervalsWithTrades(1);
        long interval = portal.pastPurchase("P-004", "P-002", new BigDecimal("1000"), Instant.parse("2026-04-01T00:00:00Z"));
        String certified = """
                SELECT max(c.token_serial) FROM green_certificates c JOIN certificate_sources s ON s.certificate_id = c.id
                  JOIN trades t ON t.id = s.trade_id WHERE t.interval_id = ? AND c.tx_hash IS NOT NULL""";
        TestPortal.await("P-002's certificate on chain", Duration.ofSeconds(60), () -> jdbc.sql(certified).param(interval).query(Long.class).optional().isPresent());
        long serial = jdbc.sql(certified).param(interval).query(Long.class).single();

        as("prosumer2");
        UI.getCurrent().navigate(ParticipantView.class);
        MyCertificates mine = _get(MyCertificates.class);
        Certificates.Row row = null;
        for (int i = 0; i < _size(mine.grid); i++) {
            if (_get(mine.grid, i).serial() == serial) {
                row = _get(mine.grid, i);
            }
        }
        assertThat(row).as("certificate " + serial + " in P-002's list").isNotNull();
        mine.grid.select(row);
        assertThat(mine.transfer.isEnabled()).isTrue();
        assertThat(mine.provenance.getElement().getTextRecursively()).contains("P-004").contains("Merkle proof of trade");
        // To nobody: refused, said next to the form, nothing changed.
        setValue(mine.transferTo, "P-404");
        _click(mine.transfer);
        assertThat(mine.outcome.getText()).isEqualTo("Refused: to: no participant P-404");
        assertThat(jdbc.sql("SELECT owner_id FROM green_certificates WHERE token_serial = ?").param(serial).query(String.class).single()).isEqualTo("P-002");
        setValue(mine.transferTo, "P-001");
        _click(mine.transfer);
        assertThat(mine.outcome.getText()).startsWith("Certificate " + serial + ": transferred (transaction 0x");
        assertThat(jdbc.sql("SELECT owner_id FROM green_certificates WHERE token_serial = ?").param(serial).query(String.class).single()).isEqualTo("P-001");

        as("regulator");
        UI.getCurrent().navigate(RegulatorView.class);
        com.vaadin.flow.component.tabs.TabSheet tabs = _get(com.vaadin.flow.component.tabs.TabSheet.class);
        tabs.setSelectedTab(_get(com.vaadin.flow.component.tabs.Tab.class, spec -> spec.withId("tab-certificates")));
        CertificatesOversight oversight = _get(CertificatesOversight.class);
        setValue(oversight.serial, Long.toString(serial));
        _click(oversight.revoke);
        assertThat(oversight.outcome.getText()).isEqualTo("Refused: reason: required, and not blank");
        setValue(oversight.reason, "meter M-004 double-counted in April");
        _click(oversight.revoke);
        assertThat(oversight.outcome.getText()).startsWith("Certificate " + serial + ": revoked (transaction 0x");
        assertThat(jdbc.sql("SELECT status || ' ' || revoke_reason FROM green_certificates WHERE token_serial = ?").param(serial).query(String.class).single())
                .isEqualTo("REVOKED meter M-004 double-counted in April");
        assertThat(portal.bean(Certificates.class).disagreement(serial)).isNull();
        Certificates.Month month = _get(oversight.months, _size(oversight.months) - 1);
        assertThat(month.revoked()).isPositive();
        assertThat(month.transferred()).isPositive();
    }
}
