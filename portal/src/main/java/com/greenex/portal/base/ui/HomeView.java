package com.greenex.portal.base.ui;

import com.greenex.portal.security.GreenexUser;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import jakarta.annotation.security.PermitAll;

/** The address after login: each role's own first view. */
@Route("")
@PermitAll
public class HomeView extends Div implements BeforeEnterObserver {

    private final AuthenticationContext auth;

    public HomeView(AuthenticationContext auth) {
        this.auth = auth;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        event.forwardTo(firstView(auth.getAuthenticatedUser(GreenexUser.class).orElseThrow()));
    }

    /** The route of the user's first view. */
    static String firstView(GreenexUser user) {
        if (user.hasRole("DISPATCHER") || user.hasRole("ADMIN")) {
            return Routes.DASHBOARD;
        }
        if (user.hasRole("REGULATOR")) {
            return Routes.REGULATOR;
        }
        if (user.hasRole("INTEGRATOR")) {
            return Routes.INTEGRATOR;
        }
        if (user.hasRole("APPLICANT")) {
            return Routes.APPLICATION;
        }
        return Routes.PARTICIPANT;
    }
}
