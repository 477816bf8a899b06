package com.greenex.portal.scada;

import com.greenex.scada.mapping.MappingException;
import com.greenex.scada.mapping.MappingReader;
import com.greenex.scada.mapping.SubstationMapping;

import java.io.ByteArrayInputStream;
import java.time.Duration;

/**
 * Reads an uploaded mapping on a thread of its own, within a time limit: a hostile file (an alias bomb,
 * a pathological scalar) never holds the integrator's page or an API worker for long.
 */
final class MappingParse {

    static final Duration PARSE_LIMIT = Duration.ofSeconds(20);

    /** The mapping and its text (UTF-8), or the file's own error (naming it). */
    record Parsed(SubstationMapping mapping, String error, String yaml) {
    }

    private MappingParse() {
    }

    static Parsed parse(String fileName, byte[] bytes) {
        java.util.concurrent.FutureTask<SubstationMapping> task = new java.util.concurrent.FutureTask<>(
                () -> new MappingReader().read(new ByteArrayInputStream(bytes), fileName));
        Thread reader = Thread.ofVirtual().name("mapping-reader").start(task);
        try {
            return new Parsed(task.get(PARSE_LIMIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS), null,
                    new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.util.concurrent.TimeoutException e) {
            task.cancel(true);
            reader.interrupt();
            return new Parsed(null, fileName + ": not read within " + PARSE_LIMIT.toSeconds() + " s: refused", null);
        } catch (java.util.concurrent.ExecutionException e) {
            return new Parsed(null, e.getCause() instanceof MappingException m ? m.getMessage() : fileName + ": " + e.getCause(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Parsed(null, fileName + ": reading was interrupted", null);
        }
    }
}
