package com.greenex.portal.base.ui;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How the views write times, energy, money, hashes and ages: one place, so every view says them alike. */
public final class Formats {

    /** A time of day in the server's zone. */
    public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private Formats() {
    }

    /** kWh to one decimal, for figures at a glance; "–" when unknown. */
    public static String kwhShort(BigDecimal v) {
        return v == null ? "–" : v.setScale(1, RoundingMode.HALF_UP).toPlainString();
    }

    /** kWh to the Wh (3 decimals), for a bill. */
    public static String kwh(BigDecimal v) {
        return v.setScale(3, RoundingMode.HALF_UP).toPlainString();
    }

    /** A price as traders read it: on the tick, at least two decimals (0.68, 1.10), never 0.680000; "–" when none. */
    public static String price(BigDecimal v) {
        if (v == null) {
            return "–";
        }
        BigDecimal s = v.stripTrailingZeros();
        return v.setScale(Math.max(2, s.scale()), RoundingMode.UNNECESSARY).toPlainString();
    }

    /** Energy with its unit: kWh to the Wh (3 decimals), or Wh when smaller than 1 Wh (0.4 Wh, not 0.000 kWh). */
    public static String energy(BigDecimal v) {
        if (v == null) {
            return "–";
        }
        if (v.signum() != 0 && v.abs().compareTo(new BigDecimal("0.001")) < 0) {
            return v.movePointRight(3).stripTrailingZeros().toPlainString() + " Wh";
        }
        return v.setScale(3, RoundingMode.HALF_UP).toPlainString() + " kWh";
    }

    /** Money to the cent, rounded half-even (a bill's total). */
    public static String money(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** A transaction hash or address shortened to its first 10 and last 4 characters. */
    public static String short0x(String hash) {
        return hash.length() > 14 ? hash.substring(0, 10) + "…" + hash.substring(hash.length() - 4) : hash;
    }

    /** How long ago: seconds under two minutes, minutes under two hours, then hours; "–" when never. */
    public static String age(Instant t, Instant now) {
        if (t == null) {
            return "–";
        }
        long s = Math.max(0, Duration.between(t, now).toSeconds());
        return s < 120 ? s + " s" : s < 7200 ? (s / 60) + " min" : (s / 3600) + " h";
    }
}
