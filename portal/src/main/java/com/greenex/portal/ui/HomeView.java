package com.greenex.portal.ui;

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

    static Class<? extends com.vaadin.flow.component.Component> firstView(GreenexUser user) {
        if (user.hasRole("DISPATCHER") || user.hasRole("ADMIN")) {
            return DashboardView.class;
        }
        if (user.hasRole("REGULATOR")) {
            return RegulatorView.class;
        }
        if (user.hasRole("INTEGRATOR")) {
            return IntegratorView.class;
        }
        return ParticipantView.class;
    }
}
