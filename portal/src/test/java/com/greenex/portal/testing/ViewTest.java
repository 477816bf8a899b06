package com.greenex.portal.testing;

import com.github.mvysny.fakeservlet.FakeRequest;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.Routes;
import com.github.mvysny.kaributesting.v10.spring.MockSpringServlet;
import com.greenex.portal.base.ui.Language;
import com.greenex.portal.security.GreenexUser;
import com.greenex.portal.security.Users;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasText;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;

/**
 * A view test, browser-less (Karibu-Testing): the view is built by Spring from the beans and data of
 * the {@link SharedDemoPortal} (a real market with settled intervals, the demo's entry queue, the dev
 * chain), for a signed-in demo user in a chosen language.
 */
public abstract class ViewTest {

    private static Routes routes;
    protected TestPortal portal;
    protected JdbcClient jdbc;

    @BeforeEach
    void portal() {
        portal = SharedDemoPortal.get();
        jdbc = portal.jdbc();
        synchronized (ViewTest.class) {
            if (routes == null) {
                routes = new Routes().autoDiscoverViews("com.greenex.portal");
            }
        }
    }

    @AfterEach
    protected void tearDown() {
        MockVaadin.tearDown();
        SecurityContextHolder.clearContext();
    }

    /** Signs in as the demo user and opens a UI in the given language. */
    protected void as(String username, Locale locale) {
        GreenexUser user = portal.bean(Users.class).loadUserByUsername(username);
        var auth = UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
        SecurityContextHolder.getContext().setAuthentication(auth);
        MockVaadin.setMockRequestFactory(session -> {
            FakeRequest r = new FakeRequest(session);
            r.setUserPrincipalInt(auth);
            r.setUserInRole((principal, role) -> user.hasRole(role));
            return r;
        });
        MockVaadin.setup(UI::new, new MockSpringServlet(routes, portal.context(), UI::new));
        // Choose the language as a user does (the page reloads in it).
        Language.choose(locale);
    }

    protected void as(String username) {
        as(username, Locale.ENGLISH);
    }

    /** Opens a UI with nobody signed in. */
    protected void signedOut() {
        MockVaadin.setMockRequestFactory(FakeRequest::new);
        MockVaadin.setup(UI::new, new MockSpringServlet(routes, portal.context(), UI::new));
    }

    protected static <V> void setValue(HasValue<?, V> field, V value) {
        field.setValue(value);
    }

    /** Every text in the current UI: a missing translation shows as !{key}!. */
    protected static List<String> texts() {
        List<String> out = new ArrayList<>();
        collect(UI.getCurrent(), out);
        return out;
    }

    private static void collect(Component c, List<String> out) {
        if (c instanceof HasText t && t.getText() != null) {
            out.add(t.getText());
        }
        c.getElement().getPropertyNames().forEach(p -> {
            Object v = c.getElement().getPropertyRaw(p);
            if (v instanceof String s) {
                out.add(s);
            }
        });
        c.getChildren().forEach(child -> collect(child, out));
    }

    /** The SVG a chart container holds. */
    protected static String html(String containerId) {
        Component container = _get(Div.class, s -> s.withId(containerId));
        return container.getChildren().filter(c -> c instanceof Html).map(c -> ((Html) c).getInnerHtml())
                .findFirst().orElseThrow(() -> new AssertionError(containerId + " has no chart"));
    }
}
