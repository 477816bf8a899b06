package com.greenex.settlement;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A server process a killed run left behind (the development chain, the embedded PostgreSQL): its pid
 * is in a file beside its data; the next start ends it before starting its own, so that one start
 * always does and nothing runs twice on the same data.
 */
public final class LeftoverProcess {

    private LeftoverProcess() {
    }

    /**
     * Ends the process named in the first line of {@code pidFile} if it is alive and its command is
     * {@code program} (a pid reused by another program is left alone): politely (SIGTERM), then
     * forcibly after {@code seconds}.
     *
     * @return the pid ended, if one was
     */
    public static Optional<Long> end(Path pidFile, String program, int seconds) throws IOException, InterruptedException {
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        String first = Files.readAllLines(pidFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
        long pid;
        try {
            pid = Long.parseLong(first);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().command().map(c -> Path.of(c).getFileName().toString().startsWith(program)).orElse(false));
        if (handle.isEmpty()) {
            return Optional.empty();
        }
        ProcessHandle p = handle.get();
        p.destroy();
        try {
            p.onExit().get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            p.destroyForcibly();
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (TimeoutException | java.util.concurrent.ExecutionException again) {
                throw new IOException(program + " " + pid + " (from " + pidFile + ") did not end: stop it by hand");
            }
        }
        return Optional.of(pid);
    }
}
