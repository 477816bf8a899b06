package com.greenex.portal.base.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Span;

/** The quiet line a view shows where there is nothing yet ("not metered yet", "no trades"), and the chart words in the viewer's language. */
public final class Hint {

    private Hint() {
    }

    /** A hint in the viewer's language, from its translation key. */
    public static Span of(Component view, String key) {
        Span s = new Span(view.getTranslation(key));
        s.addClassName("gx-empty");
        return s;
    }

    /** What the charts say (axis, no data, clearing price) in the viewer's language. */
    public static Svg.Words chartWords(Component view) {
        return Svg.Words.of(view::getTranslation);
    }
}
