package com.greenex.portal.market;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Which instance leads the market: the one holding a PostgreSQL advisory lock on a connection it keeps
 * for as long as it runs. Only the leader schedules intervals, settles on chain and issues
 * certificates (one operator nonce, one accrual); the others stand by. When the leader dies its
 * session ends, the lock is free, and the next instance to ask takes over.
 */
@Component
public class Leadership {

    /** pg_advisory_lock key: "greenex.scheduler". */
    static final long LOCK_KEY = 0x6772656E65786CL;

    private static final Logger log = LoggerFactory.getLogger(Leadership.class);

    private final DataSource dataSource;
    private Connection held;

    public Leadership(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * @return true when this instance leads (it holds the lock, or has just taken it)
     * @throws IllegalStateException when the database cannot be reached
     */
    public synchronized boolean lead() {
        if (held != null) {
            try {
                if (held.isValid(2)) {
                    return true;
                }
            } catch (SQLException e) {
                // the session is gone: so is the lock
            }
            log.warn("the market's leadership lock was lost with its database session");
            release();
        }
        try {
            Connection c = dataSource.getConnection();
            try {
                if (tryLock(c)) {
                    held = c;
                    log.info("this instance leads the market");
                    return true;
                }
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
            c.close();
            return false;
        } catch (SQLException e) {
            throw new IllegalStateException("the market's leadership lock: " + e.getMessage(), e);
        }
    }

    /** Whether this instance held the lock at its last {@link #lead()}. */
    public synchronized boolean leading() {
        return held != null;
    }

    static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, LOCK_KEY);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Gives the lead up (its session closes, the lock with it): on shutdown. */
    @PreDestroy
    public synchronized void release() {
        if (held == null) {
            return;
        }
        try {
            held.close();
        } catch (SQLException e) {
            log.warn("closing the leadership connection: {}", e.getMessage());
        }
        held = null;
    }
}
