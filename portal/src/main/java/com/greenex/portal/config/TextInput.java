package com.greenex.portal.config;

/**
 * Free text a user gives (a reason, a comment): checked before it is stored, so that the audit log
 * and the database only ever hold what a reader can read.
 */
public final class TextInput {

    /** The longest reason or comment kept. */
    public static final int MAX_REASON = 500;

    private TextInput() {
    }

    /**
     * @return the text, stripped
     * @throws IllegalArgumentException naming the field: missing, longer than {@code max}, or with a control character (a NUL byte, …)
     */
    public static String require(String field, String text, int max) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(field + ": missing");
        }
        String t = text.strip();
        if (t.length() > max) {
            throw new IllegalArgumentException(field + ": " + t.length() + " characters, at most " + max);
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\t') {
                throw new IllegalArgumentException(field + ": contains the control character U+" + String.format("%04X", (int) c) + " at " + i);
            }
        }
        return t;
    }
}
