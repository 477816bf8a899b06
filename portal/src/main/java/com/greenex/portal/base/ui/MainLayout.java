package com.greenex.portal.base.ui;

import com.greenex.portal.security.GreenexUser;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.spring.security.AuthenticationContext;
import jakarta.annotation.security.PermitAll;

import java.util.Locale;

/** The frame of every signed-in view: navigation by role, the user, language, sign-out. */
@Layout
@PermitAll
public class MainLayout extends AppLayout {

    public static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;

    public MainLayout(AuthenticationContext auth) {
        GreenexUser user = auth.getAuthenticatedUser(GreenexUser.class).orElseThrow();
        H1 title = new H1("Greenex");
        title.getStyle().set("font-size", "var(--lumo-font-size-l)").set("margin", "0");

        Select<Locale> language = new Select<>();
        language.setItems(Locale.ENGLISH, CHINESE);
        language.setItemLabelGenerator(l -> l.getLanguage().equals("zh") ? "中文" : "English");
        language.setValue(getLocale().getLanguage().equals("zh") ? CHINESE : Locale.ENGLISH);
        language.setId("language");
        language.addValueChangeListener(e -> Language.choose(e.getValue()));
        Button logout = new Button(getTranslation("nav.logout"), e -> auth.logout());
        logout.setId("logout");
        HorizontalLayout bar = new HorizontalLayout(new DrawerToggle(), title, new Span(user.displayName()), language, logout);
        bar.setAlignItems(HorizontalLayout.Alignment.CENTER);
        bar.setWidthFull();
        bar.expand(title);
        bar.getStyle().set("padding-right", "var(--lumo-space-m)");
        addToNavbar(bar);

        // By route, not by class: the frame knows no feature, every feature knows the frame.
        SideNav nav = new SideNav();
        if (user.hasRole("DISPATCHER") || user.hasRole("ADMIN") || user.hasRole("REGULATOR")) {
            nav.addItem(new SideNavItem(getTranslation("nav.dashboard"), Routes.DASHBOARD));
        }
        // The market's results and trades name participants: for the market's operators, not for an integrator.
        if (user.hasRole("DISPATCHER") || user.hasRole("ADMIN") || user.hasRole("REGULATOR")) {
            nav.addItem(new SideNavItem(getTranslation("nav.market"), Routes.MARKET));
            nav.addItem(new SideNavItem(getTranslation("nav.trades"), Routes.TRADES));
        }
        if (user.hasRole("REGULATOR") || user.hasRole("ADMIN")) {
            nav.addItem(new SideNavItem(getTranslation("nav.regulator"), Routes.REGULATOR));
        }
        if (user.hasRole("INTEGRATOR") || user.hasRole("ADMIN")) {
            nav.addItem(new SideNavItem(getTranslation("nav.integrator"), Routes.INTEGRATOR));
        }
        if (user.hasRole("PARTICIPANT")) {
            nav.addItem(new SideNavItem(getTranslation("nav.participant"), Routes.PARTICIPANT));
        }
        if (user.hasRole("APPLICANT")) {
            nav.addItem(new SideNavItem(getTranslation("nav.application"), Routes.APPLICATION));
        }
        addToDrawer(nav);
    }
}
