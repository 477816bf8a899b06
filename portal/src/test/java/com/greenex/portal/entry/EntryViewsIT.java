package com.greenex.portal.entry;

import com.greenex.portal.participant.ParticipantView;
import com.greenex.portal.testing.TestPortal;
import com.greenex.portal.testing.ViewTest;
import com.vaadin.flow.component.UI;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static com.github.mvysny.kaributesting.v10.GridKt._get;
import static com.github.mvysny.kaributesting.v10.GridKt._getFormattedRow;
import static com.github.mvysny.kaributesting.v10.GridKt._size;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Market entry in the views, as the people do it: an applicant applies from the login page's link,
 * sees every verdict, corrects its application under its own login; the regulator approves it; the new
 * participant asks to leave and the regulator approves that too. Errors are said next to the field.
 */
class EntryViewsIT extends ViewTest {

    private ApplyView apply(String username, String meter) {
        signedOut();
        UI.getCurrent().navigate(ApplyView.class);
        ApplyView view = _get(ApplyView.class);
        setValue(view.username, username);
        setValue(view.password, TestPortal.PASSWORD);
        setValue(view.form.name, "Balcony " + username);
        setValue(view.form.contact, username + "@example.org");
        setValue(view.form.capacity, "lots");
        view.form.voltage.setValue("0.4kV");
        setValue(view.form.meters, meter);
        setValue(view.form.battery, "5");
        setValue(view.form.client, "GX Trader 2.1");
        return view;
    }

    @Test
    void anApplicantAppliesCorrectsIsApprovedThenAsksToLeaveAndIsDelisted() {
        ApplyView applying = apply("balcony-view", "M-BV-1");
        _click(applying.submit);
        assertThat(applying.form.capacity.isInvalid()).isTrue();
        assertThat(applying.form.capacity.getErrorMessage()).isEqualTo("\"lots\" is not a number");
        assertThat(applying.result.getText()).isEmpty();
        setValue(applying.form.capacity, "4.2");
        _click(applying.submit);
        assertThat(applying.form.capacity.isInvalid()).isFalse();
        assertThat(applying.result.getText()).startsWith("Application #").contains("a rule rejects it", "Sign in as balcony-view");
        StringBuilder verdicts = new StringBuilder();
        for (int i = 0; i < _size(applying.verdicts); i++) {
            verdicts.append(_getFormattedRow(applying.verdicts, i));
        }
        assertThat(verdicts).contains("RejectEntryWithoutSmartMeter", "FAIL", "TradingClientInstalled");
        assertThat(texts()).noneMatch(t -> t.contains("!{"));

        // Under its own login: the status, the verdicts, the form to correct it (the meter is a smart one).
        as("balcony-view");
        UI.getCurrent().navigate(MyApplicationView.class);
        MyApplicationView mine = _get(MyApplicationView.class);
        assertThat(mine.status.getText()).contains("pending (revision 1)", "a rule rejects it");
        assertThat(mine.form.contact.getValue()).isEqualTo("balcony-view@example.org");
        setValue(mine.form.battery, "-1");
        _click(mine.correct);
        assertThat(mine.form.battery.isInvalid()).isTrue();
        assertThat(mine.form.battery.getErrorMessage()).startsWith("-1 is not a battery capacity");
        setValue(mine.form.battery, "5");
        mine.form.smart.setValue(true);
        _click(mine.correct);
        assertThat(mine.saved.getText()).contains("revision 2");
        assertThat(mine.status.getText()).contains("pending (revision 2)", "passes every rule, awaiting review");
        assertThat(texts()).noneMatch(t -> t.contains("!{"));
        long id = _get(mine.history, 0).id();
        String participant = _get(mine.history, 0).participantId();

        // The regulator sees what the applicant stated and approves.
        as("regulator");
        UI.getCurrent().navigate(RegulatorView.class);
        RegulatorView regulator = _get(RegulatorView.class);
        for (int i = 0; i < _size(regulator.queue); i++) {
            if (_get(regulator.queue, i).application().id() == id) {
                regulator.queue.select(_get(regulator.queue, i));
            }
        }
        assertThat(regulator.details.getText()).contains("balcony-view@example.org", "5 kWh", "GX Trader 2.1");
        setValue(regulator.comment, "smart meter confirmed");
        _click(regulator.approve);
        assertThat(regulator.decision.getText()).isEqualTo("Approved: " + participant + " is admitted.");

        // The integrator sees the new participant's meter to map; the participant is told why it has no position yet.
        as("integrator");
        UI.getCurrent().navigate(com.greenex.portal.scada.IntegratorView.class);
        @SuppressWarnings("unchecked")
        com.vaadin.flow.component.grid.Grid<SelfServiceEntry.MeterToMap> toMap = _get(com.vaadin.flow.component.grid.Grid.class, s -> s.withId("meters-to-map"));
        boolean listed = false;
        for (int i = 0; i < _size(toMap); i++) {
            listed |= _get(toMap, i).meterId().equals("M-BV-1") && _get(toMap, i).participantId().equals(participant);
        }
        assertThat(listed).as("M-BV-1 in the integrator's meters to map").isTrue();

        // Signed in again, the applicant is a participant: its market view, with the way to leave.
        as("balcony-view");
        UI.getCurrent().navigate(ParticipantView.class);
        assertThat(_get(com.vaadin.flow.component.html.Paragraph.class, s -> s.withId("unmapped-meters")).getText()).contains("M-BV-1 are not mapped yet");
        LeaveMarket leave = _get(LeaveMarket.class);
        _click(leave.ask);
        assertThat(leave.reason.isInvalid()).isTrue();
        assertThat(leave.reason.getErrorMessage()).isEqualTo("missing");
        setValue(leave.reason, "selling the flat");
        _click(leave.ask);
        assertThat(leave.said.getText()).startsWith("Request #").contains("the regulator will review it");
        assertThat(leave.ask.isEnabled()).isFalse();
        assertThat(leave.withdraw.isEnabled()).isTrue();
        assertThat(_size(leave.history)).isEqualTo(1);

        as("regulator");
        UI.getCurrent().navigate(RegulatorView.class);
        regulator = _get(RegulatorView.class);
        _get(com.vaadin.flow.component.tabs.TabSheet.class).setSelectedIndex(1);
        int row = -1;
        for (int i = 0; i < _size(regulator.leaving); i++) {
            if (_get(regulator.leaving, i).participantId().equals(participant)) {
                row = i;
            }
        }
        assertThat(row).as("the request in the regulator's list").isNotNegative();
        regulator.leaving.select(_get(regulator.leaving, row));
        assertThat(_getFormattedRow(regulator.leavingVerdicts, 0)).contains("DelistOnRequest", "delist");
        _click(regulator.approveLeaving);
        assertThat(regulator.leavingComment.isInvalid()).isTrue();
        setValue(regulator.leavingComment, "final bill settled");
        _click(regulator.approveLeaving);
        assertThat(regulator.leavingDecision.getText()).isEqualTo(participant + " asked to leave and is delisted.");
        assertThat(jdbc.sql("SELECT status FROM participants WHERE id = ?").param(participant).query(String.class).single()).isEqualTo("DELISTED");
        assertThat(texts()).noneMatch(t -> t.contains("!{"));
    }

    @Test
    void anApplicantWithdrawsAndAppliesAgainInChinese() {
        ApplyView applying = apply("terrace-view", "M-TV-1");
        setValue(applying.form.capacity, "3");
        applying.form.smart.setValue(true);
        _click(applying.submit);
        assertThat(applying.result.getText()).contains("passes every rule, awaiting review");

        as("terrace-view", Locale.SIMPLIFIED_CHINESE);
        UI.getCurrent().navigate(MyApplicationView.class);
        MyApplicationView mine = _get(MyApplicationView.class);
        assertThat(mine.withdraw.isEnabled()).isTrue();
        _click(mine.withdraw);
        assertThat(mine.status.getText()).contains("已撤回");
        assertThat(mine.withdraw.isEnabled()).isFalse();
        assertThat(mine.correct.getText()).isEqualTo("重新申请");
        _click(mine.correct);
        assertThat(_size(mine.history)).isEqualTo(2);
        assertThat(mine.status.getText()).contains("待审");
        assertThat(texts()).noneMatch(t -> t.contains("!{"));
    }
}
