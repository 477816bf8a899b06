package com.greenex.portal.base.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import com.vaadin.flow.server.VaadinSession;
import org.springframework.stereotype.Component;

import java.util.Locale;

/**
 * The language a user chose (English or Chinese) for the rest of the session: every new UI (a page
 * load or reload) starts in it; without a choice, the browser's language decides.
 */
@Component
public class Language implements VaadinServiceInitListener {

    static final String ATTRIBUTE = "greenex.locale";

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addUIInitListener(e -> {
            Object chosen = e.getUI().getSession().getAttribute(ATTRIBUTE);
            if (chosen instanceof Locale locale) {
                e.getUI().setLocale(locale);
            }
        });
    }

    /** Chooses the language for this session and reloads the page in it. */
    public static void choose(Locale locale) {
        VaadinSession.getCurrent().setAttribute(ATTRIBUTE, locale);
        VaadinSession.getCurrent().setLocale(locale);
        UI.getCurrent().getPage().reload();
    }
}
