package com.greenex.portal.entry;

import com.greenex.rules.VoltageLevelLimit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code greenex.entry.voltage-limits}: the largest capacity admitted per voltage level, as
 * {@code level:kW} pairs separated by commas (default {@code 0.4kV:100,10kV:6000,35kV:20000}).
 * {@code greenex.entry.applications-per-hour}: how many applications one address may send in an hour
 * (default 5): applying needs no account, so this keeps a script from filling the register.
 */
@ConfigurationProperties("greenex.entry")
public record EntryProperties(@DefaultValue("0.4kV:100,10kV:6000,35kV:20000") String voltageLimits,
                              @DefaultValue("5") int applicationsPerHour) {

    /** Refuses a malformed setting at start, naming the pair that is wrong. */
    public EntryProperties {
        parse(voltageLimits);
        if (applicationsPerHour < 1) {
            throw new IllegalArgumentException("greenex.entry.applications-per-hour: at least 1, got " + applicationsPerHour);
        }
    }

    /** The voltage levels an applicant may state, in the order configured. */
    public List<String> voltageLevels() {
        return limits().stream().map(VoltageLevelLimit::voltageLevel).toList();
    }

    public List<VoltageLevelLimit> limits() {
        return parse(voltageLimits);
    }

    private static List<VoltageLevelLimit> parse(String voltageLimits) {
        List<VoltageLevelLimit> out = new ArrayList<>();
        for (String pair : voltageLimits.split(",")) {
            String[] p = pair.strip().split(":");
            if (p.length != 2) {
                throw new IllegalArgumentException("greenex.entry.voltage-limits: '" + pair.strip() + "' is not level:kW (e.g. 0.4kV:100)");
            }
            try {
                out.add(new VoltageLevelLimit(p[0].strip(), new BigDecimal(p[1].strip())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("greenex.entry.voltage-limits: '" + p[1].strip() + "' in '" + pair.strip() + "' is not a number of kW");
            }
        }
        return out;
    }
}
