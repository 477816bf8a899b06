package com.greenex.portal.scada;

import com.greenex.portal.audit.AuditAction;
import com.greenex.portal.audit.AuditLog;
import com.greenex.scada.mapping.PointProblem;
import com.greenex.scada.mapping.SubstationMapping;
import com.greenex.scada.store.PointRegistry;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Registers an uploaded substation mapping's points and audits it, in one transaction: either the
 * points and the audit entry are stored, or neither.
 */
@Service
public class MappingRegistration {

    /** What was registered: how many points, and each point the database refused with its reason. */
    public record Registered(String substation, int points, List<PointProblem> problems) {
    }

    private final DataSource dataSource;
    private final AuditLog audit;
    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;

    public MappingRegistration(DataSource dataSource, AuditLog audit, org.springframework.jdbc.core.simple.JdbcClient jdbc) {
        this.dataSource = dataSource;
        this.audit = audit;
        this.jdbc = jdbc;
    }

    /**
     * Registers every point of the mapping or none, and stores the mapping (the portal bridges it again
     * when it starts): an admitted participant's meter (and battery) that its approved application stated
     * is registered at the mapping's substation first (the integrator's mapping is what places it); a
     * point the database refuses rolls all of it back. A substation removed before is active again.
     *
     * @throws IllegalArgumentException naming each refused point; nothing is registered
     */
    @Transactional
    public Registered registerWhole(String actor, SubstationMapping mapping, String yaml) {
        jdbc.sql("INSERT INTO substations (id, name) VALUES (?, ?) ON CONFLICT (id) DO NOTHING").params(mapping.substation(), mapping.substation()).update();
        jdbc.sql("""
                        UPDATE substations SET state = 'ACTIVE', state_reason = NULL, state_changed_by = ?, state_changed_at = now()
                         WHERE id = ? AND state = 'REMOVED'""").params(actor, mapping.substation()).update();
        return registerPointsAndStore(actor, mapping, yaml);
    }

    /**
     * An updated mapping of a connected substation: the points it no longer names retired (their readings
     * kept), its points registered whole, the mapping stored and the update audited; all or nothing.
     *
     * @throws IllegalArgumentException naming each refused point; nothing changed
     */
    @Transactional
    public Registered replace(String actor, SubstationMapping mapping, String yaml) {
        int retired = onTransaction("the points of substation " + mapping.substation() + " could not be retired",
                c -> PointRegistry.retireOthers(c, mapping));
        Registered r = registerPointsAndStore(actor, mapping, yaml);
        audit.append(actor, AuditAction.SUBSTATION_UPDATED, "substation:" + mapping.substation(),
                Map.of("points", r.points(), "retired", retired, "endpoint", mapping.endpoint(), "policy", mapping.security().policy()));
        return r;
    }

    private Registered registerPointsAndStore(String actor, SubstationMapping mapping, String yaml) {
        for (com.greenex.scada.mapping.PointMapping p : mapping.points()) {
            if (p.meter() != null) {
                jdbc.sql("""
                                INSERT INTO meters (id, participant_id, substation_id, smart)
                                SELECT am.meter_id, a.participant_id, ?, am.smart
                                  FROM application_meters am JOIN market_entry_applications a ON a.id = am.application_id
                                  JOIN participants pt ON pt.id = a.participant_id
                                 WHERE am.meter_id = ? AND a.participant_id = ? AND a.status = 'APPROVED' AND pt.status = 'ADMITTED'
                                ON CONFLICT (id) DO NOTHING""")
                        .params(mapping.substation(), p.meter(), p.participant()).update();
            }
            if (p.battery() != null) {
                jdbc.sql("""
                                INSERT INTO batteries (id, participant_id, capacity_kwh)
                                SELECT ?, a.participant_id, a.battery_kwh FROM market_entry_applications a JOIN participants pt ON pt.id = a.participant_id
                                 WHERE a.participant_id = ? AND a.status = 'APPROVED' AND pt.status = 'ADMITTED' AND a.battery_kwh > 0
                                   AND NOT EXISTS (SELECT 1 FROM batteries b WHERE b.participant_id = a.participant_id)
                                ON CONFLICT (id) DO NOTHING""")
                        .params(p.battery(), p.participant()).update();
            }
        }
        Registered r = register(actor, mapping);
        if (!r.problems().isEmpty()) {
            throw new IllegalArgumentException(mapping.substation() + ": points the database refuses, nothing was registered: "
                    + r.problems().stream().limit(20).map(pp -> "point " + pp.index() + " (" + pp.participant() + ", " + pp.node() + "): " + pp.reason())
                    .collect(java.util.stream.Collectors.joining("; ")));
        }
        jdbc.sql("""
                        INSERT INTO substation_mappings (substation_id, yaml, uploaded_by) VALUES (?, ?, ?)
                        ON CONFLICT (substation_id) DO UPDATE SET yaml = excluded.yaml, uploaded_by = excluded.uploaded_by, uploaded_at = now()""")
                .params(mapping.substation(), yaml, actor).update();
        return r;
    }

    /**
     * @throws IllegalStateException naming the substation when the database refuses the points
     */
    @Transactional
    public Registered register(String actor, SubstationMapping mapping) {
        PointRegistry.Registration r = onTransaction("the points of substation " + mapping.substation() + " could not be registered",
                c -> PointRegistry.register(c, mapping));
        audit.append(actor, AuditAction.MAPPING_REGISTERED, "substation:" + mapping.substation(),
                Map.of("points", r.pointIds().size(), "problems", r.problems().size()));
        return new Registered(mapping.substation(), r.pointIds().size(), r.problems());
    }

    /** JDBC work on the current transaction's connection. */
    private interface SqlWork<T> {
        T on(Connection c) throws SQLException;
    }

    /** Runs {@code work} on the current transaction's connection; a database error becomes an IllegalStateException starting with {@code failure}. */
    private <T> T onTransaction(String failure, SqlWork<T> work) {
        Connection c = DataSourceUtils.getConnection(dataSource);
        try {
            return work.on(c);
        } catch (SQLException e) {
            throw new IllegalStateException(failure + ": " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(c, dataSource);
        }
    }
}
