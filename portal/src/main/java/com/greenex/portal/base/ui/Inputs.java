package com.greenex.portal.base.ui;

import com.vaadin.flow.component.textfield.TextField;

import java.math.BigDecimal;

/** What a user typed, read exactly: a number as BigDecimal (a decimal comma taken as a point), or why it is not one. */
public final class Inputs {

    private Inputs() {
    }

    /**
     * @param field the name a refusal starts with, as the service names it (e.g. {@code capacityKw})
     * @return the number, or null when the field is empty
     * @throws IllegalArgumentException "field: "x" is not a number"
     */
    public static BigDecimal decimal(TextField f, String field) {
        String v = f.getValue().strip().replace(',', '.');
        if (v.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": \"" + v + "\" is not a number");
        }
    }
}
