package com.greenex.portal.entry;

import com.greenex.portal.testing.ViewTest;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextArea;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static com.github.mvysny.kaributesting.v10.GridKt._get;
import static com.github.mvysny.kaributesting.v10.GridKt._getFormattedRow;
import static com.github.mvysny.kaributesting.v10.GridKt._size;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

/** The regulator's view: the entry queue with the rules' verdicts, decisions, delisting, the audit chain. */
class RegulatorViewIT extends ViewTest {

    @Test
    void theRegulatorReviewsTheQueueWithEveryRulesVerdictAndDecidesWithAComment() {
        as("regulator");
        UI.getCurrent().navigate(RegulatorView.class);
        RegulatorView view = _get(RegulatorView.class);
        List<String> queued = new ArrayList<>();
        for (int i = 0; i < _size(view.queue); i++) {
            queued.add(_get(view.queue, i).application().participantId());
        }
        assertThat(queued).contains("N-001", "N-003", "N-004");
        int n001 = queued.indexOf("N-001");
        view.queue.select(_get(view.queue, n001));
        assertThat(_size(view.verdicts)).isPositive();
        // No comment: nothing decided, and the field says why.
        _click(view.approve);
        assertThat(view.decision.getText()).startsWith("Not decided:").contains("needs a comment");
        assertThat(view.comment.isInvalid()).isTrue();
        setValue(view.comment, "meter checked on site");
        _click(view.approve);
        assertThat(view.decision.getText()).isEqualTo("Approved: N-001 is admitted.");
        assertThat(jdbc.sql("SELECT status FROM participants WHERE id = 'N-001'").query(String.class).single()).isEqualTo("ADMITTED");
        assertThat(jdbc.sql("SELECT details->>'comment' FROM audit_log WHERE action = 'ENTRY_APPROVED' AND subject = 'participant:N-001'")
                .query(String.class).single()).isEqualTo("meter checked on site");

        // N-003 is over the 0.4 kV capacity limit: approving is not offered, rejecting is.
        int n003 = -1;
        for (int i = 0; i < _size(view.queue); i++) {
            if (_get(view.queue, i).application().participantId().equals("N-003")) {
                n003 = i;
            }
        }
        view.queue.select(_get(view.queue, n003));
        assertThat(view.approve.isEnabled()).isFalse();
        assertThat(_getFormattedRow(view.verdicts, 0).toString() + verdictRows(view)).contains("FAIL");
        setValue(view.comment, "250 kW cannot connect at 0.4 kV");
        _click(view.reject);
        assertThat(view.decision.getText()).startsWith("Rejected: N-003");

        view.verifyChain();
        assertThat(view.chainCheck.getText()).startsWith("Intact: all");
    }

    private static String verdictRows(RegulatorView view) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < _size(view.verdicts); i++) {
            b.append(_getFormattedRow(view.verdicts, i));
        }
        return b.toString();
    }

    @Test
    void theRegulatorDelistsAnAdmittedParticipantWithACauseAndAReason() {
        as("regulator");
        UI.getCurrent().navigate(RegulatorView.class);
        RegulatorView view = _get(RegulatorView.class);
        assertThat(_size(view.register)).isGreaterThanOrEqualTo(20);
        var p = _get(view.register, 19);
        var dialog = view.delistDialog(p);
        dialog.open();
        _click(_get(Button.class, s -> s.withId("delist-confirm")));
        assertThat(_find(Paragraph.class).stream().map(Paragraph::getText).toList()).anyMatch(t -> t.contains("needs a reason"));
        setValue(_get(TextArea.class, s -> s.withId("delist-reason")), "meter tampering reported");
        _click(_get(Button.class, s -> s.withId("delist-confirm")));
        assertThat(jdbc.sql("SELECT status FROM participants WHERE id = ?").param(p.id()).query(String.class).single()).isEqualTo("DELISTED");
        assertThat(jdbc.sql("SELECT reason FROM delistings WHERE participant_id = ?").param(p.id()).query(String.class).single())
                .isEqualTo("meter tampering reported");
    }
}
