package com.greenex.portal.entry;

import com.greenex.portal.config.TooManyRequests;
import com.greenex.rules.Finding;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.auth.AnonymousAllowed;

/**
 * An applicant with no account applies from the login page: the login it wants and what it states
 * about itself; the entry rules judge it at once and every verdict is shown with its reason, with the
 * login to follow the application.
 */
@Route(value = ApplyView.ROUTE, autoLayout = false)
@AnonymousAllowed
public class ApplyView extends VerticalLayout implements HasDynamicTitle {

    public static final String ROUTE = "apply";

    private final SelfServiceEntry entry;
    private final ApplicationThrottle throttle;
    final TextField username = new TextField();
    final PasswordField password = new PasswordField();
    final ApplicationForm form;
    final Button submit = new Button();
    final Div result = new Div();
    /** The form: put away once the application is in, leaving what the rules said in view. */
    final VerticalLayout entering = new VerticalLayout();
    final Grid<Finding> verdicts = ApplicationForm.verdictGrid(this, "apply-verdicts");

    ApplyView(SelfServiceEntry entry, ApplicationThrottle throttle, EntryProperties properties) {
        this.entry = entry;
        this.throttle = throttle;
        setMaxWidth("60rem");
        getStyle().set("margin", "0 auto");
        form = new ApplicationForm(properties.voltageLevels());
        username.setId("apply-username");
        username.setLabel(getTranslation("apply.username"));
        username.setHelperText(getTranslation("apply.usernameHelp"));
        password.setId("apply-password");
        password.setLabel(getTranslation("apply.password"));
        password.setHelperText(getTranslation("apply.passwordHelp"));
        submit.setText(getTranslation("apply.submit"));
        submit.setId("apply-submit");
        submit.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        submit.addClickListener(e -> submit());
        result.setId("apply-result");
        verdicts.setVisible(false);
        entering.setPadding(false);
        entering.add(new Paragraph(getTranslation("apply.intro")), new H3(getTranslation("apply.account")), username, password,
                new H3(getTranslation("apply.about")), form, form.error, submit);
        Anchor login = new Anchor("login", getTranslation("apply.toLogin"));
        login.setId("apply-login");
        add(new H1(getTranslation("apply.title")), entering, result, verdicts, login);
    }

    void submit() {
        form.clearErrors();
        username.setInvalid(false);
        password.setInvalid(false);
        try {
            SelfServiceEntry.Terms terms = form.terms();
            VaadinRequest request = VaadinRequest.getCurrent();
            throttle.admit(request == null ? null : request.getRemoteAddr());
            SelfServiceEntry.ApplicationState s = entry.apply(username.getValue(), password.getValue(), terms);
            password.clear();
            result.setText(getTranslation("apply.done", s.id(), s.participantId(), getTranslation("entry." + s.rulesSay().outcome().name()), s.username()));
            result.setClassName("gx-up");
            verdicts.setItems(s.rulesSay().findings());
            verdicts.setVisible(true);
            entering.setVisible(false);
        } catch (IllegalArgumentException | IllegalStateException e) {
            String message = e.getMessage();
            if (message.startsWith("username:")) {
                username.setErrorMessage(message.substring(message.indexOf(':') + 1).strip());
                username.setInvalid(true);
            } else if (message.startsWith("password:")) {
                password.setErrorMessage(message.substring(message.indexOf(':') + 1).strip());
                password.setInvalid(true);
            } else {
                form.showError(message);
            }
        } catch (TooManyRequests e) {
            form.error.setText(e.getMessage());
        }
    }

    @Override
    public String getPageTitle() {
        return "Greenex · " + getTranslation("apply.title");
    }
}
