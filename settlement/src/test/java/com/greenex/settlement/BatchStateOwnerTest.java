package com.greenex.settlement;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A batch's state ({@code settlement_batches.state}) is moved by the worker alone; the outbox only creates batches PENDING. */
class BatchStateOwnerTest {

    @Test
    void onlyTheWorkerMovesABatchsState() throws IOException {
        Pattern move = Pattern.compile("(?is)UPDATE\\s+settlement_batches\\s+SET\\s+state\\b");
        Path root = Path.of("src/main/java/com/greenex/settlement");
        List<Path> sources;
        try (Stream<Path> s = Files.walk(root)) {
            sources = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(sources).isNotEmpty();
        List<String> writers = sources.stream().filter(p -> {
            try {
                return move.matcher(Files.readString(p)).find();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).map(p -> p.getFileName().toString()).toList();
        assertThat(writers).containsExactly("SettlementWorker.java");
    }
}
