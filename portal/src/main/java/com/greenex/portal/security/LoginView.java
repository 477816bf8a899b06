package com.greenex.portal.security;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;

@Route(value = "login", autoLayout = false)
@AnonymousAllowed
public class LoginView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    private final LoginForm form = new LoginForm();

    public LoginView() {
        setSizeFull();
        setAlignItems(Alignment.CENTER);
        setJustifyContentModeCenter();
        form.setI18n(i18n(getTranslation("login.error.title"), getTranslation("login.error.message")));
        form.setAction("login");
        form.setForgotPasswordButtonVisible(false);
        com.vaadin.flow.component.html.Anchor apply = new com.vaadin.flow.component.html.Anchor("apply", getTranslation("login.apply"));
        apply.setId("apply-link");
        add(new H1("Greenex"), new Paragraph(getTranslation("login.tagline")), form, apply);
    }

    /** The form's texts in the user's language, with the error it shows when there is one. */
    private LoginI18n i18n(String errorTitle, String errorMessage) {
        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setTitle(getTranslation("login.title"));
        i18n.getForm().setUsername(getTranslation("login.username"));
        i18n.getForm().setPassword(getTranslation("login.password"));
        i18n.getForm().setSubmit(getTranslation("login.submit"));
        i18n.getErrorMessage().setTitle(errorTitle);
        i18n.getErrorMessage().setMessage(errorMessage);
        return i18n;
    }

    private void setJustifyContentModeCenter() {
        setJustifyContentMode(JustifyContentMode.CENTER);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        var parameters = event.getLocation().getQueryParameters().getParameters();
        if (parameters.containsKey("throttled")) {
            String seconds = parameters.get("throttled").getFirst().replaceAll("[^0-9]", "");
            form.setI18n(i18n(getTranslation("login.throttled.title"), getTranslation("login.throttled.message", seconds.isEmpty() ? "?" : seconds)));
            form.setError(true);
            return;
        }
        form.setError(parameters.containsKey("error"));
    }

    @Override
    public String getPageTitle() {
        return "Greenex · " + getTranslation("login.title");
    }
}
