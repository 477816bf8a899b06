package com.greenex.settlement;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The development chain of the default set-up: anvil (from the npm package {@code @foundry-rs/anvil},
 * installed by the build) on a free loopback port, its state in a file so that a restart keeps the
 * chain. Any other EVM JSON-RPC node is used through its URL instead.
 * <p>
 * Anvil writes its state only when it stops politely; after a kill -9 (of anvil or of the whole
 * application) the chain would come back as it was at the last write. So the settlement worker calls
 * {@link #persist()} before it records a batch as confirmed: what the database calls confirmed is in
 * the state file. {@link #ensureRunning()} restarts an anvil that died, on the same port and from the
 * same state, backing off (1 s doubling to a minute) while it keeps failing.
 */
public final class DevChain implements AutoCloseable, ChainDurability {

    /**
     * Anvil's first development account, the same on every anvil: public knowledge, for the
     * development chain only. Any other chain takes the operator key from a keystore file.
     */
    public static final String DEV_ACCOUNT_0_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    /** The chain as the status page shows it: up, or down since when with the last error; restarts so far. */
    public record Health(boolean up, java.time.Instant downSince, String lastError, int restarts) {
    }

    private final Path anvil;
    private final Path stateFile;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private java.time.Instant downSince;
    private String lastError;
    private int restarts;
    private long nextAttemptNanos;
    private long backoffMs = 1000;

    private DevChain(Path anvil, Path stateFile, int port, Process process) {
        this.anvil = anvil;
        this.stateFile = stateFile;
        this.port = port;
        this.process = process;
    }

    /**
     * @param anvil     the anvil binary (settlement/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil)
     * @param stateFile where the chain is kept between runs; created on first stop or {@link #persist()}
     * @param port      loopback port, or 0 for a free one
     */
    public static DevChain start(Path anvil, Path stateFile, int port) throws IOException, InterruptedException {
        if (!Files.isExecutable(anvil)) {
            throw new IOException("anvil not found or not executable at " + anvil + " (run ./mvnw -pl settlement generate-sources to install it)");
        }
        int p = port != 0 ? port : freePort();
        return new DevChain(anvil, stateFile, p, launch(anvil, stateFile, p));
    }

    private static Process launch(Path anvil, Path stateFile, int p) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(anvil.toString(), "--host", "127.0.0.1", "--port", Integer.toString(p), "--silent"));
        Path pidFile = null;
        if (stateFile != null) {
            Files.createDirectories(stateFile.toAbsolutePath().getParent());
            cmd.addAll(List.of("--state", stateFile.toString()));
            // An anvil a killed run left on this state ends first (it saves its state on the way): never two on one chain.
            pidFile = pidFile(stateFile);
            LeftoverProcess.end(pidFile, "anvil", 20);
        }
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (pidFile != null) {
            Files.writeString(pidFile, process.pid() + "\n");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("anvil exited with status " + process.exitValue() + " (" + String.join(" ", cmd) + ")");
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), p), 200);
                return process;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        process.destroyForcibly();
        throw new IOException("anvil did not listen on 127.0.0.1:" + p + " within 30 s");
    }

    private static Path pidFile(Path stateFile) {
        return stateFile.resolveSibling(stateFile.getFileName() + ".pid");
    }

    /**
     * Writes the chain's whole state to the state file now (anvil_dumpState), atomically: a copy is
     * written and synced beside it, then moved over it. Without a state file there is nothing to do.
     *
     * @throws IOException when anvil does not answer or the file cannot be written
     */
    @Override
    public synchronized void persist() throws IOException, InterruptedException {
        if (stateFile == null) {
            return;
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(java.net.URI.create(rpcUrl())).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"anvil_dumpState\",\"params\":[]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"result\"\\s*:\\s*\"0x([0-9a-fA-F]*)\"").matcher(response.body());
        if (response.statusCode() != 200 || !m.find()) {
            throw new IOException("anvil_dumpState at " + rpcUrl() + " answered " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(200, response.body().length())));
        }
        byte[] dump = java.util.HexFormat.of().parseHex(m.group(1));
        byte[] json = dump.length > 1 && dump[0] == (byte) 0x1f && dump[1] == (byte) 0x8b
                ? new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(dump)).readAllBytes() : dump;
        Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(json);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, stateFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Moves the chain's clock forward by {@code by} and mines a block at the new time (evm_increaseTime,
     * evm_mine): how a test or the demo sees a certificate's validity pass without waiting a year.
     */
    public void increaseTime(Duration by) throws IOException, InterruptedException {
        call("evm_increaseTime", "[" + by.toSeconds() + "]");
        call("evm_mine", "[]");
    }

    /** Gives {@code address} a balance of {@code wei} (anvil_setBalance): gas for a demo account's own transactions. */
    public void setBalance(String address, java.math.BigInteger wei) throws IOException, InterruptedException {
        call("anvil_setBalance", "[\"" + address + "\", \"0x" + wei.toString(16) + "\"]");
    }

    private String call(String method, String params) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(java.net.URI.create(rpcUrl())).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || response.body().contains("\"error\"")) {
            throw new IOException(method + " at " + rpcUrl() + " answered " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(300, response.body().length())));
        }
        return response.body();
    }

    /**
     * Restarts anvil if it died (same port, same state file), at most once per backoff step.
     *
     * @return true when anvil runs after the call
     */
    public synchronized boolean ensureRunning() throws InterruptedException {
        if (process.isAlive()) {
            if (downSince != null) {
                downSince = null;
                backoffMs = 1000;
            }
            return true;
        }
        if (downSince == null) {
            downSince = java.time.Instant.now();
            lastError = "anvil exited with status " + process.exitValue();
            nextAttemptNanos = System.nanoTime();
        }
        if (System.nanoTime() < nextAttemptNanos) {
            return false;
        }
        try {
            process = launch(anvil, stateFile, port);
            restarts++;
            downSince = null;
            backoffMs = 1000;
            return true;
        } catch (IOException e) {
            lastError = e.getMessage();
            nextAttemptNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMs);
            backoffMs = Math.min(backoffMs * 2, 60_000);
            return false;
        }
    }

    public synchronized Health health() {
        boolean up = process.isAlive();
        return new Health(up, up ? null : downSince == null ? java.time.Instant.now() : downSince, up ? null : lastError, restarts);
    }

    /** Ends anvil at once, as a crash or kill -9 would (nothing written): for tests of what survives. */
    synchronized void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }

    /**
     * Where the build put anvil: {@code GREENEX_ANVIL} if set, else the settlement module's npm
     * packages seen from the working directory (the repository root, the settlement module, or
     * another module beside it).
     */
    public static Path locateAnvil(java.util.function.Function<String, String> environment) throws IOException {
        return locateAnvil(environment, List.of());
    }

    /**
     * The same, but first from each of {@code homes} (e.g. the folder of the application's jar): an
     * {@code anvil} beside it, or the settlement module's npm packages of the checkout it was built in
     * ({@code portal/target/} → the repository root), so that {@code java -jar} works from any folder.
     */
    public static Path locateAnvil(java.util.function.Function<String, String> environment, List<Path> homes) throws IOException {
        return locateAnvil(environment, homes, Path.of("").toAbsolutePath());
    }

    static Path locateAnvil(java.util.function.Function<String, String> environment, List<Path> homes, Path workingDirectory) throws IOException {
        String explicit = environment.apply("GREENEX_ANVIL");
        if (explicit != null) {
            return Path.of(explicit);
        }
        String npm = "settlement/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil";
        List<Path> candidates = new ArrayList<>();
        for (Path home : homes) {
            candidates.add(home.resolve("anvil"));
            for (Path up = home.toAbsolutePath(); up != null; up = up.getParent()) {
                candidates.add(up.resolve(npm));
            }
        }
        candidates.addAll(List.of(workingDirectory.resolve(npm), workingDirectory.resolve("node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"),
                workingDirectory.resolve("../" + npm)));
        for (Path p : candidates) {
            if (Files.isExecutable(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new IOException("anvil not found (looked in " + candidates.size() + " places from the working directory "
                + workingDirectory + (homes.isEmpty() ? "" : " and " + homes) + "): build the project (./mvnw install runs npm ci "
                + "in settlement/), or set GREENEX_ANVIL to the anvil binary, or configure the RPC URL of an existing node");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public String rpcUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Stops anvil; with a state file, anvil writes the chain to it on the way out. */
    @Override
    public synchronized void close() throws InterruptedException {
        Process process = this.process;
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
