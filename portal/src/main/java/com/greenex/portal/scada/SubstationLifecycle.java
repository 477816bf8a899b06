package com.greenex.portal.scada;

import com.greenex.scada.client.ReadingListener;
import com.greenex.scada.client.SubstationConnection;
import com.greenex.scada.mapping.PointMapping;
import com.greenex.scada.mapping.PointProblem;
import com.greenex.scada.mapping.SubstationMapping;
import com.greenex.portal.audit.AuditAction;
import com.greenex.portal.audit.AuditLog;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

/**
 * A substation's life in the portal, each step audited. A utility <b>connects</b> a substation while
 * the market runs: its mapping is checked point by point (the file's own problems, then every node on
 * the live endpoint), registered whole or not at all, stored (it is bridged again when the portal
 * starts) and bridged at once; from the next gate closure the substation is a market zone of its own.
 * It <b>updates</b> it with a new mapping (checked the same way; points the new mapping no longer
 * names are retired, their readings kept), <b>pauses</b> it with a reason (no longer bridged; its zone
 * is not cleared, its intervals are MISSED with the reason), <b>resumes</b> it, and <b>removes</b> it
 * with a reason (its points retired; connecting it again later starts it afresh).
 */
@Service
public class SubstationLifecycle {

    /** What was connected: the substation, its points, the bridge's state. */
    public record Connected(String substation, int points, SubstationStatus status) {
    }

    /**
     * A substation as the integrator sees it: its zone and state (with who changed it, when and why), its
     * mapped points, whether its mapping was uploaded, and the bridge's state when this portal bridges it.
     */
    public record Substation(String id, String zone, String state, String stateReason, String stateChangedBy, Instant stateChangedAt,
                             long points, boolean uploaded, SubstationStatus bridge) {
    }

    private final MappingRegistration registration;
    private final ObjectProvider<ScadaBridge> bridge;
    private final ScadaPki pki;
    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final TransactionTemplate transaction;

    public SubstationLifecycle(MappingRegistration registration, ObjectProvider<ScadaBridge> bridge, ScadaPki pki, JdbcClient jdbc, AuditLog audit,
                               TransactionTemplate transaction) {
        this.registration = registration;
        this.bridge = bridge;
        this.pki = pki;
        this.jdbc = jdbc;
        this.audit = audit;
        this.transaction = transaction;
    }

    /** Every substation known to the market (also those bridged beside the portal, and removed ones), by id. */
    public List<Substation> list() {
        return read(null);
    }

    /** One substation. @throws NoSuchElementException naming it when the market does not know it */
    public Substation get(String id) {
        return read(id).stream().findFirst().orElseThrow(() -> new NoSuchElementException("substation " + id + " is not known"));
    }

    /** The substations, or only {@code id} when it is not null, with this portal's bridge state of each. */
    private List<Substation> read(String id) {
        ScadaBridge b = bridge.getIfAvailable();
        Map<String, SubstationStatus> here = b == null ? Map.of()
                : b.statuses().stream().collect(Collectors.toMap(SubstationStatus::substation, s -> s, (x, y) -> x));
        return jdbc.sql("""
                        SELECT s.id, s.zone_id, s.state, s.state_reason, s.state_changed_by, s.state_changed_at,
                               (SELECT count(*) FROM points p WHERE p.substation_id = s.id AND p.retired_at IS NULL),
                               EXISTS (SELECT 1 FROM substation_mappings m WHERE m.substation_id = s.id)
                          FROM substations s WHERE CAST(? AS text) IS NULL OR s.id = ? ORDER BY s.id""")
                .params(id, id)
                .query((rs, i) -> new Substation(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant(), rs.getLong(7), rs.getBoolean(8),
                        here.get(rs.getString(1))))
                .list();
    }

    private String state(String id) {
        return jdbc.sql("SELECT state FROM substations WHERE id = ?").param(id).query(String.class).optional().orElse(null);
    }

    private ScadaBridge bridge(String substation) {
        ScadaBridge b = bridge.getIfAvailable();
        if (b == null) {
            throw new IllegalStateException("this portal runs no SCADA bridge (greenex.scada.enabled=false): start a bridge beside it for "
                    + substation);
        }
        return b;
    }

    /**
     * Connects a new substation (or one removed before) from its mapping.
     *
     * @param yaml the mapping as uploaded: stored, so that the portal bridges it again when it starts
     * @throws IllegalArgumentException naming every point that is wrong (in the file or on the endpoint); nothing is registered
     * @throws IllegalStateException    when the endpoint cannot be reached, the portal runs no bridge, it bridges the substation
     *                                  already, or the substation is paused (resume or update it)
     */
    public Connected connect(String actor, SubstationMapping mapping, String yaml) {
        ScadaBridge b = bridge(mapping.substation());
        if ("PAUSED".equals(state(mapping.substation()))) {
            throw new IllegalStateException("substation " + mapping.substation() + " is paused: resume it, or upload its mapping as an update "
                    + "(PUT /api/substations/" + mapping.substation() + ")");
        }
        check(mapping);
        MappingRegistration.Registered r = registration.registerWhole(actor, mapping, yaml);
        return new Connected(mapping.substation(), r.points(), b.connect(mapping));
    }

    /**
     * Replaces a connected substation's mapping: checked like a new one, then its points registered whole
     * (those the new mapping no longer names retired) and, unless it is paused, bridged with the new
     * mapping at once.
     *
     * @throws NoSuchElementException   when the substation is not known
     * @throws IllegalArgumentException when the mapping names another substation, or a point is wrong; nothing changed
     * @throws IllegalStateException    when it was not connected by upload (a configured one is changed in the portal's
     *                                  configuration), is removed, or its endpoint cannot be reached
     */
    public Connected update(String actor, String id, SubstationMapping mapping, String yaml) {
        if (!mapping.substation().equals(id)) {
            throw new IllegalArgumentException("substation: the mapping is for " + mapping.substation() + ", not " + id);
        }
        Substation current = get(id);
        ScadaBridge b = bridge(id);
        if (current.state().equals("REMOVED")) {
            throw new IllegalStateException("substation " + id + " is removed: connect it again (POST /api/substations)");
        }
        if (b.isConfigured(id)) {
            throw new IllegalStateException("substation " + id + " is bridged from this portal's configuration (greenex.scada.mapping or the simulator):"
                    + " change it there");
        }
        if (!current.uploaded()) {
            throw new IllegalStateException("substation " + id + " was not connected through the portal (a bridge beside it bridges it): "
                    + "update the mapping of that bridge");
        }
        check(mapping);
        boolean wasBridged = b.disconnect(id);
        MappingRegistration.Registered r;
        try {
            r = registration.replace(actor, mapping, yaml);
        } catch (RuntimeException e) {
            if (wasBridged) {
                reconnectStored(b, id);
            }
            throw e;
        }
        SubstationStatus status = current.state().equals("PAUSED") ? null : b.connect(mapping);
        return new Connected(id, r.points(), status);
    }

    /** After a failed update: the stored (previous) mapping bridged again. */
    private void reconnectStored(ScadaBridge b, String id) {
        String yaml = jdbc.sql("SELECT yaml FROM substation_mappings WHERE substation_id = ?").param(id).query(String.class).single();
        b.connect(new com.greenex.scada.mapping.MappingReader().read(
                new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "stored mapping of " + id));
    }

    /**
     * Pauses a substation: no longer bridged here, and its zone not cleared while no other substation of
     * it is active (its intervals are MISSED with the reason at their gate closure).
     *
     * @throws NoSuchElementException   when the substation is not known
     * @throws IllegalArgumentException when the reason is empty or longer than 500 characters
     * @throws IllegalStateException    when it is not active
     */
    public Substation pause(String actor, String id, String reason) {
        String why = reason(reason);
        change(actor, id, "ACTIVE", "PAUSED", why, AuditAction.SUBSTATION_PAUSED);
        ScadaBridge b = bridge.getIfAvailable();
        if (b != null) {
            b.disconnect(id);
        }
        return get(id);
    }

    /**
     * Resumes a paused substation: bridged again (its stored mapping, or this portal's configuration) and
     * cleared from the next gate closure.
     *
     * @throws IllegalStateException when it is not paused, or cannot be connected (it stays paused)
     */
    public Substation resume(String actor, String id) {
        Substation current = get(id);
        if (!current.state().equals("PAUSED")) {
            throw new IllegalStateException("substation " + id + " is " + current.state() + ", not PAUSED: only a paused substation is resumed");
        }
        ScadaBridge b = bridge.getIfAvailable();
        if (b != null && !b.bridges(id)) {
            if (b.isConfigured(id)) {
                b.resumeConfigured(id);
            } else if (current.uploaded()) {
                reconnectStored(b, id);
            }
        }
        try {
            change(actor, id, "PAUSED", "ACTIVE", null, AuditAction.SUBSTATION_RESUMED);
        } catch (RuntimeException e) {
            if (b != null) {
                b.disconnect(id);
            }
            throw e;
        }
        return get(id);
    }

    /**
     * Removes a substation from the market: no longer bridged, its points retired (their readings kept),
     * its zone not cleared. Connecting it again later is a new connection.
     *
     * @throws IllegalStateException when it is removed already
     */
    public Substation remove(String actor, String id, String reason) {
        String why = reason(reason);
        String was = get(id).state();
        if (was.equals("REMOVED")) {
            throw new IllegalStateException("substation " + id + " is removed already");
        }
        transaction.executeWithoutResult(t -> {
            change(actor, id, was, "REMOVED", why, AuditAction.SUBSTATION_REMOVED);
            jdbc.sql("UPDATE points SET retired_at = now() WHERE substation_id = ? AND retired_at IS NULL").param(id).update();
            jdbc.sql("DELETE FROM substation_mappings WHERE substation_id = ?").param(id).update();
        });
        ScadaBridge b = bridge.getIfAvailable();
        if (b != null) {
            b.disconnect(id);
        }
        return get(id);
    }

    private static String reason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason: say why (it is shown to the dispatchers and kept in the audit log)");
        }
        if (reason.strip().length() > 500) {
            throw new IllegalArgumentException("reason: at most 500 characters, got " + reason.strip().length());
        }
        return reason.strip();
    }

    private void change(String actor, String id, String from, String to, String reason, AuditAction action) {
        transaction.executeWithoutResult(t -> {
            int changed = jdbc.sql("""
                            UPDATE substations SET state = ?, state_reason = ?, state_changed_by = ?, state_changed_at = now()
                             WHERE id = ? AND state = ?""")
                    .params(to, reason, actor, id, from).update();
            if (changed != 1) {
                String now = state(id);
                if (now == null) {
                    throw new NoSuchElementException("substation " + id + " is not known");
                }
                throw new IllegalStateException("substation " + id + " is " + now + ": it cannot become " + to + " (only from " + from + ")");
            }
            Map<String, Object> details = new java.util.LinkedHashMap<>();
            details.put("from", from);
            details.put("to", to);
            if (reason != null) {
                details.put("reason", reason);
            }
            audit.append(actor, action, "substation:" + id, details);
        });
    }

    /** The mapping's own problems, the PKI it needs, then every point on the live endpoint. */
    private void check(SubstationMapping mapping) {
        if (!mapping.problems().isEmpty()) {
            throw new IllegalArgumentException(describe(mapping.substation() + ": the mapping has problems, nothing was registered", mapping.problems()));
        }
        if (!mapping.security().policy().equals("None") && !pki.configured()) {
            throw new IllegalStateException(mapping.substation() + ": security policy " + mapping.security().policy()
                    + " needs the portal's certificate and trust list: set greenex.scada.pki-dir and GREENEX_SCADA_PKI_PASSWORD");
        }
        java.util.Set<String> refusedBefore = pki.pending().stream().map(ScadaPki.Pending::thumbprint).collect(Collectors.toSet());
        List<PointProblem> onEndpoint;
        try {
            onEndpoint = probe(mapping, pki.clientSecurity());
        } catch (IllegalStateException e) {
            // A server certificate the portal does not trust yet: the integrator reviews it, then connects again.
            ScadaPki.Pending refused = pki.pending().stream().filter(p -> !refusedBefore.contains(p.thumbprint())).findFirst().orElse(null);
            if (refused != null) {
                throw new IllegalStateException(mapping.substation() + ": the server certificate of " + mapping.endpoint() + " is not trusted yet ("
                        + refused.subject() + ", thumbprint " + refused.thumbprint() + "): accept it (SCADA integration, or POST /api/substations/certificates/"
                        + refused.thumbprint() + "/trust) and connect again", e);
            }
            throw e;
        }
        if (!onEndpoint.isEmpty()) {
            throw new IllegalArgumentException(describe(mapping.substation() + ": points the endpoint " + mapping.endpoint()
                    + " does not serve, nothing was registered", onEndpoint));
        }
    }

    /** Connects once and subscribes every point, to learn which ones the endpoint refuses; then lets go. */
    private static List<PointProblem> probe(SubstationMapping mapping, SubstationConnection.ClientSecurity security) {
        ReadingListener ignore = new ReadingListener() {
            @Override
            public void onValue(PointMapping point, Instant sourceTime, Instant serverTime, BigDecimal value, long statusCode) {
            }

            @Override
            public void onPointProblem(PointProblem problem) {
            }
        };
        SubstationConnection c = new SubstationConnection(mapping, Duration.ofSeconds(1), Duration.ofSeconds(1), ignore, security);
        try {
            return c.connect();
        } catch (Exception e) {
            throw new IllegalStateException(mapping.substation() + ": endpoint " + mapping.endpoint() + " cannot be reached: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } finally {
            try {
                c.close();
            } catch (Exception e) {
                // The probe's session is done either way; a failure to close it leaves nothing registered or running.
                org.slf4j.LoggerFactory.getLogger(SubstationLifecycle.class).debug("closing the probe of {}: {}", mapping.substation(), e.getMessage());
            }
        }
    }

    private static String describe(String what, List<PointProblem> problems) {
        return what + ": " + problems.stream().limit(20).map(p -> "point " + p.index() + " (" + p.participant() + ", " + p.node() + "): " + p.reason())
                .collect(Collectors.joining("; ")) + (problems.size() > 20 ? "; and " + (problems.size() - 20) + " more" : "");
    }
}
