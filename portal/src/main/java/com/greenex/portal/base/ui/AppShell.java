package com.greenex.portal.base.ui;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.server.AppShellSettings;
import com.vaadin.flow.theme.lumo.Lumo;

/** Server push for the live views; Lumo and the portal's own CSS (no frontend bundle build). */
@Push
@StyleSheet(Lumo.STYLESHEET)
@StyleSheet("styles/greenex.css")
public class AppShell implements AppShellConfigurator {

    @Override
    public void configurePage(AppShellSettings settings) {
        settings.setPageTitle("Greenex");
    }
}
