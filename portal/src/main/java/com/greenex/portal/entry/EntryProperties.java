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
 */
@ConfigurationProperties("greenex.entry")
public record EntryProperties(@DefaultValue("0.4kV:100,10kV:6000,35kV:20000") String voltageLimits) {

    /** Refuses a malformed setting at start, naming the pair that is wrong. */
    public EntryProperties {
        parse(voltageLimits);
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
