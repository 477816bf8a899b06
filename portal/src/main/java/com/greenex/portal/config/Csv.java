package com.greenex.portal.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** RFC 4180 CSV: a field is quoted when it holds a comma, a quote or a line break, its quotes doubled; rows end in CRLF. */
public final class Csv {

    private Csv() {
    }

    public static String field(String s) {
        if (s == null) {
            return "";
        }
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** One row of fields (each quoted as needed, null written empty), ended by CRLF. */
    public static String row(String... fields) {
        return Arrays.stream(fields).map(Csv::field).collect(Collectors.joining(",", "", "\r\n"));
    }
}
