package com.greenex.scada.store;

import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionLimitTest {

    /** A data source whose connections count their closes. */
    private static DataSource counting(AtomicInteger opened, AtomicInteger closed) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (p, m, a) -> {
            if (m.getName().equals("getConnection")) {
                opened.incrementAndGet();
                return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (cp, cm, ca) -> {
                    if (cm.getName().equals("close")) {
                        closed.incrementAndGet();
                    }
                    return cm.getName().equals("isClosed") ? Boolean.FALSE : null;
                });
            }
            throw new UnsupportedOperationException(m.getName());
        });
    }

    @Test
    void aWriterWaitsWhileEveryPermitIsLentAndGoesOnWhenOneIsGivenBack() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        ConnectionLimit limit = new ConnectionLimit(counting(opened, closed), 2);
        Connection a = limit.getConnection();
        ExecutorService second = Executors.newSingleThreadExecutor();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Connection b = second.submit((java.util.concurrent.Callable<Connection>) limit::getConnection).get(5, TimeUnit.SECONDS);
            assertThat(limit.inUse()).isEqualTo(2);
            CompletableFuture<Connection> third = CompletableFuture.supplyAsync(() -> {
                try {
                    return limit.getConnection();
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, other);
            assertThatThrownBy(() -> third.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            assertThat(opened.get()).isEqualTo(2);
            a.close();
            a.close(); // a second close gives back nothing more
            Connection c = third.get(5, TimeUnit.SECONDS);
            assertThat(opened.get()).isEqualTo(3);
            assertThat(limit.inUse()).isEqualTo(2);
            b.close();
            c.close();
            assertThat(limit.inUse()).isZero();
            assertThat(closed.get()).isEqualTo(4); // each real close passed on (a twice)
        } finally {
            other.shutdownNow();
            second.shutdownNow();
        }
    }

    @Test
    void aThreadThatHoldsAConnectionTakesASecondWithoutWaitingOnItself() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        ConnectionLimit limit = new ConnectionLimit(counting(opened, new AtomicInteger()), 1);
        try (Connection batch = limit.getConnection(); Connection flush = limit.getConnection()) {
            assertThat(opened.get()).isEqualTo(2);
            assertThat(limit.inUse()).isEqualTo(1);
        }
        assertThat(limit.inUse()).isZero();
    }

    @Test
    void atLeastOnePermit() {
        assertThatThrownBy(() -> new ConnectionLimit(counting(new AtomicInteger(), new AtomicInteger()), 0))
                .hasMessage("permits: at least 1, got 0");
    }
}
