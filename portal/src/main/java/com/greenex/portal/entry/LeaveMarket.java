package com.greenex.portal.entry;

import com.greenex.portal.base.ui.Formats;
import com.greenex.portal.security.GreenexUser;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;

import java.util.List;

/**
 * In the participant's view: ask to leave the market with a reason (the regulator reviews it), follow
 * the request, withdraw it while it is open.
 */
public class LeaveMarket extends VerticalLayout {

    private final DelistingRequests requests;
    private final GreenexUser user;
    private final String participant;
    final TextArea reason = new TextArea();
    final Button ask = new Button();
    final Button withdraw = new Button();
    final Div said = new Div();
    final Grid<DelistingRequests.Request> history = new Grid<>();

    public LeaveMarket(DelistingRequests requests, GreenexUser user) {
        this.requests = requests;
        this.user = user;
        this.participant = user.participantId();
        setPadding(false);
        reason.setId("leave-reason");
        reason.setLabel(getTranslation("leave.reason"));
        reason.setWidthFull();
        reason.setMaxLength(500);
        ask.setId("leave-ask");
        ask.setText(getTranslation("leave.ask"));
        ask.addThemeVariants(ButtonVariant.LUMO_ERROR);
        ask.addClickListener(e -> ask());
        withdraw.setId("leave-withdraw");
        withdraw.setText(getTranslation("leave.withdraw"));
        withdraw.addClickListener(e -> withdraw());
        said.setId("leave-said");
        history.setId("leave-history");
        history.addColumn(DelistingRequests.Request::id).setHeader("#").setAutoWidth(true);
        history.addColumn(r -> Formats.TIME.format(r.requestedAt())).setHeader(getTranslation("myapp.submitted")).setAutoWidth(true);
        history.addColumn(r -> getTranslation("application." + r.status())).setHeader(getTranslation("market.status")).setAutoWidth(true);
        history.addColumn(DelistingRequests.Request::reason).setHeader(getTranslation("leave.reason")).setFlexGrow(1);
        history.addColumn(r -> r.comment() == null ? "" : r.comment()).setHeader(getTranslation("regulator.comment")).setFlexGrow(1);
        history.setAllRowsVisible(true);
        add(reason, new HorizontalLayout(ask, withdraw), said, history);
        load();
    }

    private List<DelistingRequests.Request> load() {
        List<DelistingRequests.Request> all = requests.of(participant, user);
        history.setItems(all);
        boolean open = all.stream().anyMatch(r -> r.status().equals("PENDING"));
        withdraw.setEnabled(open);
        ask.setEnabled(!open);
        reason.setEnabled(!open);
        return all;
    }

    void ask() {
        reason.setInvalid(false);
        try {
            DelistingRequests.Request r = requests.request(participant, reason.getValue(), user);
            reason.clear();
            load();
            said.setText(getTranslation("leave.asked", r.id()));
            said.setClassName("gx-up");
        } catch (IllegalArgumentException e) {
            reason.setErrorMessage(e.getMessage().substring(e.getMessage().indexOf(':') + 1).strip());
            reason.setInvalid(true);
        } catch (IllegalStateException e) {
            said.setText(e.getMessage());
            said.setClassName("gx-alarm");
        }
    }

    void withdraw() {
        load().stream().filter(r -> r.status().equals("PENDING")).findFirst().ifPresent(r -> {
            try {
                requests.withdraw(participant, r.id(), user);
                load();
                said.setText(getTranslation("leave.withdrawn", r.id()));
                said.setClassName("gx-up");
            } catch (IllegalStateException e) {
                said.setText(e.getMessage());
                said.setClassName("gx-alarm");
            }
        });
    }
}
