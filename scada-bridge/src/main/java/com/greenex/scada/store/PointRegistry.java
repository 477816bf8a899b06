package com.greenex.scada.store;

import com.greenex.scada.mapping.PointMapping;
import com.greenex.scada.mapping.PointProblem;
import com.greenex.scada.mapping.SubstationMapping;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Registers a mapping's points in the points table (and its substation), so that readings can refer
 * to them. A point whose participant, meter or battery the database does not know, or whose node is
 * already mapped to something else, becomes a {@link PointProblem}; the others are registered.
 */
public final class PointRegistry {

    /** Point ids by the mapping's point index, and the points that could not be registered. */
    public record Registration(Map<Integer, Long> pointIds, List<PointProblem> problems) {
    }

    private final DataSource dataSource;

    public PointRegistry(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Registers the mapping's points in a transaction of its own. */
    public Registration register(SubstationMapping mapping) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Registration r = register(c, mapping);
                c.commit();
                return r;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Registers the mapping's points in the caller's transaction on {@code c} (auto-commit off): the
     * caller commits them together with whatever else it writes, or rolls all of it back.
     */
    public static Registration register(Connection c, SubstationMapping mapping) throws SQLException {
        if (c.getAutoCommit()) {
            throw new IllegalArgumentException("registering points needs a transaction: the connection is in auto-commit");
        }
        Map<Integer, Long> ids = new HashMap<>();
        List<PointProblem> problems = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO substations (id, name) VALUES (?, ?) ON CONFLICT (id) DO NOTHING")) {
            ps.setString(1, mapping.substation());
            ps.setString(2, mapping.substation());
            ps.executeUpdate();
        }
        for (PointMapping p : mapping.points()) {
            Savepoint sp = c.setSavepoint();
            try {
                ids.put(p.index(), registerOne(c, mapping.substation(), p));
                c.releaseSavepoint(sp);
            } catch (SQLException e) {
                c.rollback(sp);
                problems.add(new PointProblem(p.index(), p.participant(), p.node(), reason(e, p)));
            }
        }
        return new Registration(Map.copyOf(ids), List.copyOf(problems));
    }

    /**
     * Retires, in the caller's transaction, the substation's points that {@code mapping} no longer names
     * (the same node for the same device and quantity); they keep their readings as history and their
     * nodes may be mapped again. Returns how many were retired.
     */
    public static int retireOthers(Connection c, SubstationMapping mapping) throws SQLException {
        int n = mapping.points().size();
        String[] nodes = new String[n];
        String[] participants = new String[n];
        String[] devices = new String[n];
        String[] quantities = new String[n];
        for (int i = 0; i < n; i++) {
            PointMapping p = mapping.points().get(i);
            nodes[i] = p.node();
            participants[i] = p.participant();
            devices[i] = p.device();
            quantities[i] = p.quantity().name();
        }
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE points p SET retired_at = now()
                 WHERE p.substation_id = ? AND p.retired_at IS NULL
                   AND NOT EXISTS (SELECT 1 FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS k(node, participant, device, quantity)
                                    WHERE k.node = p.node_id AND k.participant = p.participant_id
                                      AND k.device = coalesce(p.meter_id, p.battery_id) AND k.quantity = p.quantity)""")) {
            ps.setString(1, mapping.substation());
            ps.setArray(2, c.createArrayOf("text", nodes));
            ps.setArray(3, c.createArrayOf("text", participants));
            ps.setArray(4, c.createArrayOf("text", devices));
            ps.setArray(5, c.createArrayOf("text", quantities));
            return ps.executeUpdate();
        }
    }

    private static long registerOne(Connection c, String substation, PointMapping p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO points (substation_id, participant_id, meter_id, battery_id, quantity, node_id) "
                + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (substation_id, node_id) WHERE retired_at IS NULL DO NOTHING RETURNING id")) {
            ps.setString(1, substation);
            ps.setString(2, p.participant());
            ps.setString(3, p.meter());
            ps.setString(4, p.battery());
            ps.setString(5, p.quantity().name());
            ps.setString(6, p.node());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return rs.getLong(1);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id, participant_id, coalesce(meter_id, battery_id), quantity FROM points "
                + "WHERE substation_id = ? AND node_id = ? AND retired_at IS NULL")) {
            ps.setString(1, substation);
            ps.setString(2, p.node());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                boolean same = rs.getString(2).equals(p.participant()) && rs.getString(3).equals(p.device())
                        && rs.getString(4).equals(p.quantity().name());
                if (!same) {
                    throw new SQLException("node is already mapped to " + rs.getString(4) + " of " + rs.getString(3)
                            + " (" + rs.getString(2) + ")", "23505");
                }
                return rs.getLong(1);
            }
        }
    }

    private static String reason(SQLException e, PointMapping p) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("points_participant_id_fkey")) {
            return "participant " + p.participant() + " is not registered";
        }
        if (message.contains("points_meter_id_fkey")) {
            return "meter " + p.meter() + " is not registered";
        }
        if (message.contains("points_battery_id_fkey")) {
            return "battery " + p.battery() + " is not registered";
        }
        return message.lines().findFirst().orElse(e.getClass().getSimpleName());
    }
}
