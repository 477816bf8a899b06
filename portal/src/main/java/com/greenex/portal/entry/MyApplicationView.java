package com.greenex.portal.entry;

import com.greenex.portal.base.ui.Formats;
import com.greenex.portal.base.ui.Routes;
import com.greenex.portal.security.GreenexUser;
import com.greenex.rules.Finding;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import jakarta.annotation.security.RolesAllowed;

import java.util.List;

/**
 * The applicant follows its application: its status, every rule's verdict, the regulator's decision
 * and comment; it corrects the application (a new revision, or a new application after a rejection or
 * a withdrawal) and may withdraw it.
 */
@Route(Routes.APPLICATION)
@RolesAllowed({"APPLICANT"})
public class MyApplicationView extends VerticalLayout implements HasDynamicTitle {

    private final SelfServiceEntry entry;
    private final GreenexUser user;
    final Div status = new Div();
    final Div decision = new Div();
    final Grid<Finding> verdicts = ApplicationForm.verdictGrid(this, "my-verdicts");
    final ApplicationForm form;
    final Button correct = new Button();
    final Button withdraw = new Button();
    final Div saved = new Div();
    final Grid<SelfServiceEntry.ApplicationState> history = new Grid<>();
    private SelfServiceEntry.ApplicationState current;

    MyApplicationView(SelfServiceEntry entry, EntryProperties properties, AuthenticationContext auth) {
        this.entry = entry;
        this.user = auth.getAuthenticatedUser(GreenexUser.class).orElseThrow();
        setSizeFull();
        form = new ApplicationForm(properties.voltageLevels());
        status.setId("my-status");
        decision.setId("my-decision");
        correct.setId("my-correct");
        correct.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        correct.addClickListener(e -> correct());
        withdraw.setId("my-withdraw");
        withdraw.setText(getTranslation("myapp.withdraw"));
        withdraw.addThemeVariants(ButtonVariant.LUMO_ERROR);
        withdraw.addClickListener(e -> withdraw());
        saved.setId("my-saved");
        history.setId("my-history");
        history.addColumn(SelfServiceEntry.ApplicationState::id).setHeader("#").setAutoWidth(true);
        history.addColumn(a -> getTranslation("application." + a.status())).setHeader(getTranslation("market.status")).setAutoWidth(true);
        history.addColumn(SelfServiceEntry.ApplicationState::revision).setHeader(getTranslation("myapp.revision")).setAutoWidth(true);
        history.addColumn(a -> Formats.TIME.format(a.submittedAt())).setHeader(getTranslation("myapp.submitted")).setAutoWidth(true);
        history.addColumn(a -> a.decision() == null ? "" : a.decision().comment()).setHeader(getTranslation("regulator.comment")).setFlexGrow(1);
        history.setAllRowsVisible(true);
        add(new H2(getTranslation("myapp.title")), status, decision, verdicts, new H3(getTranslation("myapp.correctTitle")), form, form.error,
                new HorizontalLayout(correct, withdraw), saved, new H3(getTranslation("myapp.history")), history);
        load();
    }

    void load() {
        List<SelfServiceEntry.ApplicationState> all = entry.mine(user);
        history.setItems(all);
        current = all.isEmpty() ? null : all.getFirst();
        if (current == null) {
            status.setText(getTranslation("myapp.none"));
            correct.setEnabled(false);
            withdraw.setEnabled(false);
            return;
        }
        status.setText(getTranslation("myapp.status", current.id(), current.participantId(), getTranslation("application." + current.status()),
                current.revision(), getTranslation("entry." + current.rulesSay().outcome().name())));
        decision.setText(current.decision() == null ? ""
                : getTranslation("myapp.decision", current.decision().decision(), Formats.TIME.format(current.decision().at()), current.decision().comment())
                + (current.status().equals("APPROVED") ? " " + getTranslation("myapp.admitted") : ""));
        verdicts.setItems(current.rulesSay().findings());
        form.show(current.terms());
        boolean open = current.status().equals("PENDING");
        correct.setText(getTranslation(open ? "myapp.saveCorrection" : "myapp.applyAgain"));
        correct.setEnabled(!current.status().equals("APPROVED"));
        withdraw.setEnabled(open);
    }

    void correct() {
        form.clearErrors();
        saved.setText("");
        try {
            SelfServiceEntry.ApplicationState s = entry.correct(current.id(), form.terms(), user);
            load();
            saved.setText(getTranslation("myapp.corrected", s.id(), s.revision()));
            saved.setClassName("gx-up");
        } catch (IllegalArgumentException | IllegalStateException | java.util.NoSuchElementException e) {
            form.showError(e.getMessage());
        }
    }

    void withdraw() {
        saved.setText("");
        try {
            entry.withdraw(current.id(), user);
            load();
            saved.setText(getTranslation("myapp.withdrawn", current.id()));
            saved.setClassName("gx-up");
        } catch (IllegalArgumentException | IllegalStateException | java.util.NoSuchElementException e) {
            saved.setText(e.getMessage());
            saved.setClassName("gx-alarm");
        }
    }

    @Override
    public String getPageTitle() {
        return "Greenex · " + getTranslation("myapp.title");
    }
}
