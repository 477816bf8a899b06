package com.greenex.scada.store;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * A data source that lends at most {@code permits} connections of another one at a time: the bridges
 * of many substations write their readings through it, so that however many substations are bridged,
 * the rest of the pool stays free for the market (a gate closure never waits behind the ingest). A
 * writer that finds every permit taken waits; its buffer grows meanwhile and its next batch is larger.
 */
public final class ConnectionLimit implements DataSource {

    private final DataSource target;
    private final Semaphore permits;
    private final int size;
    /** Connections the current thread holds: a thread that holds one takes a second without a permit, so that it never waits on itself. */
    private final ThreadLocal<int[]> held = ThreadLocal.withInitial(() -> new int[1]);

    public ConnectionLimit(DataSource target, int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits: at least 1, got " + permits);
        }
        this.target = target;
        this.size = permits;
        this.permits = new Semaphore(permits, true);
    }

    /** Connections lent now. */
    public int inUse() {
        return size - permits.availablePermits();
    }

    @Override
    public Connection getConnection() throws SQLException {
        int[] mine = held.get();
        boolean permit = mine[0] == 0;
        if (permit) {
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for one of the ingest's " + size + " connections", e);
            }
        }
        Connection c;
        try {
            c = target.getConnection();
        } catch (SQLException | RuntimeException e) {
            if (permit) {
                permits.release();
            }
            throw e;
        }
        mine[0]++;
        AtomicBoolean released = new AtomicBoolean();
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
            if (method.getName().equals("unwrap") && args != null && args[0] instanceof Class<?> type && type.isInstance(c)) {
                return c; // the driver's own connection (COPY needs it)
            }
            if (method.getName().equals("close")) {
                try {
                    c.close();
                } finally {
                    if (released.compareAndSet(false, true)) {
                        mine[0]--;
                        if (permit) {
                            permits.release();
                        }
                    }
                }
                return null;
            }
            try {
                return method.invoke(c, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the ingest's connections use the pool's credentials");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return target.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : target.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || target.isWrapperFor(iface);
    }
}
