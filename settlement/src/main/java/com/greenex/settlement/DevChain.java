package com.greenex.settlement;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
 */
public final class DevChain implements AutoCloseable {

    /**
     * Anvil's first development account, the same on every anvil: public knowledge, for the
     * development chain only. Any other chain takes the operator key from a keystore file.
     */
    public static final String DEV_ACCOUNT_0_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    private final Process process;
    private final int port;

    private DevChain(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * @param anvil     the anvil binary (settlement/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil)
     * @param stateFile where the chain is kept between runs; created on first stop
     * @param port      loopback port, or 0 for a free one
     */
    public static DevChain start(Path anvil, Path stateFile, int port) throws IOException, InterruptedException {
        if (!Files.isExecutable(anvil)) {
            throw new IOException("anvil not found or not executable at " + anvil + " (run ./mvnw -pl settlement generate-sources to install it)");
        }
        int p = port != 0 ? port : freePort();
        List<String> cmd = new ArrayList<>(List.of(anvil.toString(), "--host", "127.0.0.1", "--port", Integer.toString(p), "--silent"));
        Path pidFile = null;
        if (stateFile != null) {
            Files.createDirectories(stateFile.toAbsolutePath().getParent());
            cmd.addAll(List.of("--state", stateFile.toString()));
            // An anvil a killed run left on this state ends first (it saves its state on the way): never two on one chain.
            pidFile = stateFile.resolveSibling(stateFile.getFileName() + ".pid");
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
                return new DevChain(process, p);
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        process.destroyForcibly();
        throw new IOException("anvil did not listen on 127.0.0.1:" + p + " within 30 s");
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
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
