package com.greenex.portal.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One demo portal for every view test of the run (they only read, or change what no other view test
 * reads): started at first use, with two settled intervals that had trades, and closed when the
 * test JVM ends. Tests that need their own setting start their own {@link TestPortal}.
 */
public final class SharedDemoPortal {

    private static TestPortal portal;

    private SharedDemoPortal() {
    }

    public static synchronized TestPortal get() {
        if (portal == null) {
            Path dir;
            try {
                dir = Files.createTempDirectory("greenex-views-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            TestPortal p = TestPortal.demo(dir).interval(Duration.ofSeconds(4)).start();
            try {
                p.awaitSettledIntervalsWithTrades(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.close();
                throw new IllegalStateException("interrupted while waiting for the shared portal's first intervals", e);
            } catch (RuntimeException | Error e) {
                p.close();
                throw e;
            }
            portal = p;
            Runtime.getRuntime().addShutdownHook(new Thread(p::close, "shared-demo-portal-stop"));
        }
        return portal;
    }
}
