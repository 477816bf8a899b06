package com.greenex.scada.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * One instance bridges a substation: the claim is a PostgreSQL advisory lock keyed by the
 * substation's id, held on a connection of its own for as long as the bridge runs. A second portal
 * (or bridge) on the same database finds the substation claimed and stands by; when the first one
 * dies its session ends and the claim is free.
 */
public final class SubstationClaim implements AutoCloseable {

    /** The first key of the two-key advisory lock: "gxsubst" (the second is hashtext of the id). */
    static final int KEY_SPACE = 0x67787375;

    private final String substation;
    private final Connection connection;

    private SubstationClaim(String substation, Connection connection) {
        this.substation = substation;
        this.connection = connection;
    }

    /**
     * @return the claim, or empty when another instance holds it
     * @throws SQLException when the database cannot be reached
     */
    public static Optional<SubstationClaim> tryClaim(DataSource dataSource, String substation) throws SQLException {
        Connection c = dataSource.getConnection();
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(?))")) {
            ps.setInt(1, KEY_SPACE);
            ps.setString(2, substation);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return Optional.of(new SubstationClaim(substation, c));
                }
            }
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        c.close();
        return Optional.empty();
    }

    /** Still held: its session is alive. */
    public boolean held() {
        try {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    public String substation() {
        return substation;
    }

    /** Gives the substation up (the session ends, the lock with it). */
    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
