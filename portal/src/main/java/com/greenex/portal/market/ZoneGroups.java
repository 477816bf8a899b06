package com.greenex.portal.market;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code greenex.market.zone-groups}: substations that trade as one market zone, e.g.
 * {@code Z-NORTH:SS-01+SS-02;Z-SOUTH:SS-03+SS-04} (every other substation is a zone of its own).
 * Applied at start, in one transaction: the zones made, the substations (made if not known yet) put in
 * them. A malformed setting, or a substation in two groups, stops the start, naming it.
 */
@Component
class ZoneGroups implements org.springframework.context.SmartLifecycle {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final Map<String, List<String>> groups;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private volatile boolean running;

    ZoneGroups(@Value("${greenex.market.zone-groups:}") String setting, JdbcClient jdbc, TransactionTemplate tx) {
        this.groups = parse(setting);
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** Before the bridges and the market start (the lowest phase): they find the substations in their zones. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public void start() {
        running = true;
        tx.executeWithoutResult(t -> groups.forEach((zone, substations) -> {
            jdbc.sql("INSERT INTO market_zones (id, name) VALUES (?, ?) ON CONFLICT (id) DO NOTHING").params(zone, "zone " + zone).update();
            for (String s : substations) {
                jdbc.sql("INSERT INTO substations (id, name, zone_id) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET zone_id = excluded.zone_id")
                        .params(s, s, zone).update();
            }
        }));
    }

    /** @throws IllegalArgumentException naming the group or substation that is wrong */
    static Map<String, List<String>> parse(String setting) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        if (setting == null || setting.isBlank()) {
            return groups;
        }
        Map<String, String> placed = new LinkedHashMap<>();
        for (String group : setting.split(";")) {
            String[] p = group.strip().split(":");
            if (p.length != 2 || !ID.matcher(p[0].strip()).matches()) {
                throw new IllegalArgumentException("greenex.market.zone-groups: '" + group.strip() + "' is not ZONE:SUBSTATION+SUBSTATION (e.g. Z-NORTH:SS-01+SS-02)");
            }
            String zone = p[0].strip();
            List<String> substations = java.util.Arrays.stream(p[1].split("\\+")).map(String::strip).toList();
            for (String s : substations) {
                if (!ID.matcher(s).matches()) {
                    throw new IllegalArgumentException("greenex.market.zone-groups: '" + s + "' in zone " + zone + " is not a substation id");
                }
                String before = placed.put(s, zone);
                if (before != null) {
                    throw new IllegalArgumentException("greenex.market.zone-groups: substation " + s + " is in zone " + before + " and in zone " + zone);
                }
            }
            if (groups.put(zone, substations) != null) {
                throw new IllegalArgumentException("greenex.market.zone-groups: zone " + zone + " is named twice");
            }
        }
        return groups;
    }
}
