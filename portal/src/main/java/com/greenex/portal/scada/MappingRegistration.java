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

    public MappingRegistration(DataSource dataSource, AuditLog audit) {
        this.dataSource = dataSource;
        this.audit = audit;
    }

    /**
     * @throws IllegalStateException naming the substation when the database refuses the points
     */
    @Transactional
    public Registered register(String actor, SubstationMapping mapping) {
        Connection c = DataSourceUtils.getConnection(dataSource);
        PointRegistry.Registration r;
        try {
            r = PointRegistry.register(c, mapping);
        } catch (SQLException e) {
            throw new IllegalStateException("the points of substation " + mapping.substation() + " could not be registered: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(c, dataSource);
        }
        audit.append(actor, AuditAction.MAPPING_REGISTERED, "substation:" + mapping.substation(),
                Map.of("points", r.pointIds().size(), "problems", r.problems().size()));
        return new Registered(mapping.substation(), r.pointIds().size(), r.problems());
    }
}
