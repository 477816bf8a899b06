package com.greenex.scada.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * One instance bridges a substation: the claim is a PostgreSQL advisory lock keyed by the
 * substation's id, held in a database session for as long as the bridge runs. A second portal (or
 * bridge) on the same database finds the substation claimed and stands by; when the first one dies
 * its session ends and the claim is free. An instance that bridges many substations holds all its
 * claims in one {@link Session} (one connection), not one connection each: twenty substations must
 * not take twenty connections of the pool.
 */
public final class SubstationClaim implements AutoCloseable {

    /** The first key of the two-key advisory lock: "gxsubst" (the second is hashtext of the id). */
    static final int KEY_SPACE = 0x67787375;

    private final String substation;
    private final Session session;
    private final boolean ownSession;

    private SubstationClaim(String substation, Session session, boolean ownSession) {
        this.substation = substation;
        this.session = session;
        this.ownSession = ownSession;
    }

    /**
     * Claims a substation in a session of its own (one connection for this claim).
     *
     * @return the claim, or empty when another instance holds it
     * @throws SQLException when the database cannot be reached
     */
    public static Optional<SubstationClaim> tryClaim(DataSource dataSource, String substation) throws SQLException {
        Session s = new Session(dataSource);
        Optional<SubstationClaim> claim;
        try {
            claim = s.claim(substation, true);
        } catch (SQLException | RuntimeException e) {
            s.close();
            throw e;
        }
        if (claim.isEmpty()) {
            s.close();
        }
        return claim;
    }

    /** Still held: its session is alive. */
    public boolean held() {
        return session.holds(substation);
    }

    public String substation() {
        return substation;
    }

    /** Gives the substation up (and the session, when it was this claim's own). */
    @Override
    public void close() throws SQLException {
        if (ownSession) {
            session.close();
        } else {
            session.release(substation);
        }
    }

    /**
     * One database session holding the claims of many substations. If its connection is lost, so are its
     * claims (as another instance may then take them): {@link #holds} says so, and a new claim starts a
     * new session.
     */
    public static final class Session implements AutoCloseable {

        private final DataSource dataSource;
        private Connection connection;
        private final Set<String> held = new HashSet<>();

        public Session(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /**
         * @return the claim, or empty when another instance holds it
         * @throws SQLException when the database cannot be reached
         */
        public Optional<SubstationClaim> tryClaim(String substation) throws SQLException {
            return claim(substation, false);
        }

        private synchronized Optional<SubstationClaim> claim(String substation, boolean own) throws SQLException {
            if (connection == null || !connection.isValid(2)) {
                if (connection != null) {
                    connection.close();
                }
                held.clear(); // the old session's locks went with it
                connection = dataSource.getConnection();
                connection.setAutoCommit(true);
            }
            if (held.contains(substation)) {
                throw new IllegalStateException("substation " + substation + " is claimed in this session already");
            }
            try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(?))")) {
                ps.setInt(1, KEY_SPACE);
                ps.setString(2, substation);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return Optional.empty();
                    }
                }
            }
            held.add(substation);
            return Optional.of(new SubstationClaim(substation, this, own));
        }

        synchronized boolean holds(String substation) {
            try {
                return held.contains(substation) && connection != null && connection.isValid(2);
            } catch (SQLException e) {
                return false;
            }
        }

        synchronized void release(String substation) throws SQLException {
            if (!held.remove(substation) || connection == null || connection.isClosed()) {
                return;
            }
            try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?, hashtext(?))")) {
                ps.setInt(1, KEY_SPACE);
                ps.setString(2, substation);
                ps.execute();
            }
        }

        /** Ends the session: every claim in it is free. */
        @Override
        public synchronized void close() throws SQLException {
            held.clear();
            if (connection != null) {
                connection.close();
                connection = null;
            }
        }
    }
}
