package com.greenex.scada.cli;

import com.greenex.scada.client.Passwords;
import com.greenex.scada.client.ReadingListener;
import com.greenex.scada.client.SubstationConnection;
import com.greenex.scada.ingest.IngestPipeline;
import com.greenex.scada.mapping.MappingException;
import com.greenex.scada.mapping.MappingReader;
import com.greenex.scada.mapping.PointMapping;
import com.greenex.scada.mapping.PointProblem;
import com.greenex.scada.mapping.SubstationMapping;
import com.greenex.scada.security.Pki;
import com.greenex.scada.sim.SimulatedSubstation;
import com.greenex.scada.store.PointRegistry;
import com.greenex.scada.store.ReadingStore;
import com.greenex.scada.store.SubstationClaim;
import com.greenex.scada.store.BridgeHeartbeat;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The bridge as its own process, next to the substations:
 * {@code java -jar scada-bridge.jar --mapping FILE --db-url URL} writes to PostgreSQL;
 * {@code --dry-run} prints one JSON line per value instead; {@code --simulate N} starts a simulated
 * substation with N prosumers on loopback and prints its endpoint.
 */
@Command(name = "scada-bridge", mixinStandardHelpOptions = true, version = "Greenex SCADA bridge",
        description = "Reads meters and batteries from substation SCADA over OPC UA into PostgreSQL.")
public final class BridgeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--mapping", paramLabel = "FILE", description = "The substation's mapping file (YAML).")
    Path mapping;

    @Option(names = "--dry-run", description = "Print one JSON line per value instead of writing to PostgreSQL.")
    boolean dryRun;

    @Option(names = "--db-url", paramLabel = "JDBC_URL", description = "The PostgreSQL to write to, e.g. jdbc:postgresql://127.0.0.1:5432/greenex")
    String dbUrl;

    @Option(names = "--db-user", defaultValue = "postgres", description = "Database user (default: ${DEFAULT-VALUE}).")
    String dbUser;

    @Option(names = "--db-password-env", paramLabel = "VAR", description = "Environment variable holding the database password.")
    String dbPasswordEnv;

    @Option(names = "--db-password-file", paramLabel = "FILE", description = "A secret file whose first line is the database password.")
    private Path dbPasswordFile;

    @Option(names = "--pki-dir", paramLabel = "DIR", description = "The bridge's certificate and trust list (own.pfx, pki/trusted/certs, pki/rejected/certs); needed for Basic256Sha256.")
    Path pkiDir;

    @Option(names = "--secrets-dir", paramLabel = "DIR",
            description = "Directory of the secret files a mapping's passwordFile names (e.g. /run/secrets); the first line of each is an OPC UA user's password.")
    Path secretsDir;

    @Option(names = "--pki-password-env", paramLabel = "VAR", defaultValue = "GREENEX_BRIDGE_KEYSTORE_PASSWORD",
            description = "Environment variable holding the password of own.pfx (default: ${DEFAULT-VALUE}).")
    String pkiPasswordEnv;

    @Option(names = "--simulate", paramLabel = "N", description = "Start a simulated substation with N prosumers on 127.0.0.1 and print its endpoint.")
    Integer simulate;

    @Option(names = "--port", defaultValue = "4840", description = "Port of the simulated substation (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--substation", defaultValue = "SS-01", description = "Name of the simulated substation (default: ${DEFAULT-VALUE}).")
    String substation;

    @Option(names = "--write-mapping", paramLabel = "FILE", description = "With --simulate: write the simulated substation's mapping file here.")
    Path writeMapping;

    @Option(names = "--sampling-ms", defaultValue = "500", description = "Sampling interval of the monitored items (default: ${DEFAULT-VALUE}).")
    long samplingMs;

    @Option(names = "--publishing-ms", defaultValue = "1000", description = "Publishing interval of the subscription (default: ${DEFAULT-VALUE}).")
    long publishingMs;

    @Option(names = "--buffer", defaultValue = "1000000", description = "Readings kept while the database is away (default: ${DEFAULT-VALUE}).")
    int bufferSize;

    @Option(names = "--heartbeat-s", defaultValue = "5", description = "How often the bridge reports its state to the database (default: ${DEFAULT-VALUE}).")
    private int heartbeatSeconds;

    @Option(names = "--duration-s", description = "Stop after this many seconds (default: run until stopped).")
    Long durationSeconds;

    private final CountDownLatch stop = new CountDownLatch(1);

    /** Stops a running bridge as SIGTERM does (the buffer drained, the claim and heartbeat let go); for a caller that runs it in-process. */
    public void stop() {
        stop.countDown();
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new BridgeCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println(e instanceof MappingException ? e.getMessage() : "scada-bridge: " + e);
            return e instanceof MappingException ? 2 : 1;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (simulate == null && mapping == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --mapping FILE (with --db-url or --dry-run) or --simulate N");
        }
        if (mapping != null && !dryRun && dbUrl == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--mapping needs --db-url to write to, or --dry-run to print");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        SimulatedSubstation sim = null;
        try {
            if (simulate != null) {
                sim = new SimulatedSubstation(substation, simulate, port, Duration.ofSeconds(1), Clock.systemUTC());
                out.println("endpoint: " + sim.start());
                out.flush();
                if (writeMapping != null) {
                    Files.writeString(writeMapping, sim.mappingYaml());
                }
            }
            if (mapping != null) {
                SubstationMapping m = new MappingReader().read(mapping);
                m.problems().forEach(p -> err.println("mapping: " + p));
                return dryRun ? dryRun(m, out, err) : ingest(m, err);
            }
            awaitStop();
            return 0;
        } finally {
            if (sim != null) {
                sim.close();
            }
        }
    }

    private void awaitStop() throws InterruptedException {
        if (durationSeconds != null) {
            stop.await(durationSeconds, TimeUnit.SECONDS);
        } else {
            stop.await();
        }
    }

    private int dryRun(SubstationMapping m, PrintWriter out, PrintWriter err) throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        ReadingListener printer = new ReadingListener() {
            @Override
            public void onValue(PointMapping p, Instant sourceTime, Instant serverTime, BigDecimal value, long statusCode) {
                ObjectNode line = json.createObjectNode();
                line.put("time", String.valueOf(sourceTime));
                line.put("substation", m.substation());
                line.put("participant", p.participant());
                line.put(p.meter() != null ? "meter" : "battery", p.device());
                line.put("quantity", p.quantity().name());
                if (value == null) {
                    line.putNull("value");
                } else {
                    line.put("value", value);
                }
                line.put("status", severity(statusCode));
                if (statusCode != 0) {
                    line.put("statusCode", String.format("0x%08X", statusCode));
                }
                synchronized (out) {
                    out.println(json.writeValueAsString(line));
                    out.flush();
                }
            }

            @Override
            public void onPointProblem(PointProblem problem) {
                err.println("point: " + problem);
                err.flush();
            }
        };
        try (SubstationConnection connection = new SubstationConnection(m, Duration.ofMillis(samplingMs), Duration.ofMillis(publishingMs), printer, clientSecurity())) {
            connection.connect();
            awaitStop();
        }
        return 0;
    }

    private int ingest(SubstationMapping m, PrintWriter err) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(dbUrl);
        config.setUsername(dbUser);
        if (dbPasswordEnv != null) {
            String password = System.getenv(dbPasswordEnv);
            if (password == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--db-password-env " + dbPasswordEnv + ": the variable is not set");
            }
            config.setPassword(password);
        } else if (dbPasswordFile != null) {
            try {
                config.setPassword(Files.readAllLines(dbPasswordFile).stream().findFirst().orElse("").strip());
            } catch (java.io.IOException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--db-password-file " + dbPasswordFile + " cannot be read: " + e.getMessage());
            }
        }
        config.setPoolName("scada-bridge");
        try (HikariDataSource ds = new HikariDataSource(config)) {
            // Migrates a database that is behind (that needs its owner's role); one that is current, as beside a portal with the
            // application's role, is only checked: a bridge never touches a schema it cannot own.
            Flyway flyway = Flyway.configure().dataSource(ds).locations("classpath:db/migration").load();
            if (flyway.info().pending().length > 0) {
                flyway.migrate();
            } else {
                flyway.validate();
            }
            // One instance bridges a substation (a portal's bridge or another of these): stand by while another holds it.
            SubstationClaim claim = SubstationClaim.tryClaim(ds, m.substation()).orElse(null);
            if (claim == null) {
                err.println("scada-bridge: substation " + m.substation() + " is bridged by another instance: standing by");
                err.flush();
                long until = durationSeconds == null ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.SECONDS.toNanos(durationSeconds);
                while (claim == null && System.nanoTime() < until
                        && !stop.await(Math.min(5_000, Math.max(1, (until - System.nanoTime()) / 1_000_000)), TimeUnit.MILLISECONDS)) {
                    claim = SubstationClaim.tryClaim(ds, m.substation()).orElse(null);
                }
                if (claim == null) {
                    return 0;
                }
            }
            try (SubstationClaim held = claim) {
                PointRegistry.Registration registration = new PointRegistry(ds).register(m);
                registration.problems().forEach(p -> err.println("point: " + p));
                ReadingStore store = new ReadingStore(ds);
                IngestPipeline pipeline = new IngestPipeline(store, registration.pointIds(), bufferSize, 5_000, Duration.ofMillis(200));
                try (SubstationConnection connection = new SubstationConnection(m, Duration.ofMillis(samplingMs), Duration.ofMillis(publishingMs), pipeline,
                        clientSecurity());
                     BridgeHeartbeat heartbeat = new BridgeHeartbeat(ds, BridgeHeartbeat.idOf("STANDALONE", host()), "STANDALONE", host(),
                             () -> List.of(new BridgeHeartbeat.Substation(m.substation(), connection.connected(),
                                     connection.connected() ? "connected to " + connection.endpoint() : "disconnected: " + connection.lastError(),
                                     pipeline.received(), pipeline.written(), pipeline.dropped())), Duration.ofSeconds(heartbeatSeconds))) {
                    connection.connect();
                    err.println("scada-bridge: " + registration.pointIds().size() + " points of " + m.substation() + " to " + dbUrl);
                    awaitStop();
                } finally {
                    pipeline.close();
                    err.println("scada-bridge: received " + pipeline.received() + ", written " + pipeline.written()
                            + ", dropped " + pipeline.dropped());
                }
            }
        }
        return 0;
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown-host";
        }
    }

    private SubstationConnection.ClientSecurity clientSecurity() throws Exception {
        Passwords passwords = new Passwords(System::getenv, secretsDir);
        if (pkiDir == null) {
            return new SubstationConnection.ClientSecurity(null, passwords);
        }
        String password = System.getenv(pkiPasswordEnv);
        if (password == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--pki-dir " + pkiDir + ": set " + pkiPasswordEnv
                    + " to the password of its own.pfx (it is made with that password on first use)");
        }
        Pki pki = Pki.open(pkiDir, "urn:greenex:scada-bridge:" + java.net.InetAddress.getLocalHost().getHostName(), "Greenex SCADA bridge",
                password.toCharArray());
        return new SubstationConnection.ClientSecurity(pki, passwords);
    }

    private static String severity(long statusCode) {
        return switch ((int) (statusCode >>> 30)) {
            case 0 -> "GOOD";
            case 1 -> "UNCERTAIN";
            default -> "BAD";
        };
    }
}
