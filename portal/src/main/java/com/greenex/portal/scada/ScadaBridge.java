package com.greenex.portal.scada;

import com.greenex.portal.entry.ParticipantRegister;
import com.greenex.scada.client.SubstationConnection;
import com.greenex.scada.ingest.IngestPipeline;
import com.greenex.scada.mapping.MappingReader;
import com.greenex.scada.mapping.PointMapping;
import com.greenex.scada.mapping.Quantity;
import com.greenex.scada.mapping.SubstationMapping;
import com.greenex.scada.sim.SimulatedSubstation;
import com.greenex.scada.store.PointRegistry;
import com.greenex.scada.store.ReadingStore;
import com.greenex.scada.store.SubstationClaim;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bridge inside the portal: a configured substation's mapping, or (the default) simulated
 * substations ({@code greenex.scada.simulated-substations}, each with {@code simulated-prosumers})
 * whose prosumers are registered as admitted participants, so that the market has data; each
 * substation is a market zone of its own. Only one instance bridges a substation
 * ({@link SubstationClaim}): another portal on the same database stands by and takes over, within
 * seconds, when the first one's session ends. Registers {@code greenex.readings.ingested} (rows the
 * bridge stored, all substations).
 */
@Component
@ConditionalOnProperty(name = "greenex.scada.enabled", havingValue = "true", matchIfMissing = true)
public class ScadaBridge implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ScadaBridge.class);

    private final ScadaProperties properties;
    private final org.springframework.core.env.Environment environment;
    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final ParticipantRegister register;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final List<Bridged> bridged = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Every substation's claim in one database session (one connection, however many substations). */
    private final SubstationClaim.Session claims;
    /** The pool's connections the substations' readings are written with: at most {@code ingest-connections} at once. */
    private final javax.sql.DataSource ingest;
    private volatile com.greenex.scada.store.BridgeHeartbeat heartbeat;
    private final ScadaPki pki;
    private volatile boolean running;
    /** Readings written by the bridges of substations no longer bridged here (the counter only grows). */
    private final java.util.concurrent.atomic.AtomicLong writtenBefore = new java.util.concurrent.atomic.AtomicLong();

    public ScadaBridge(ScadaProperties properties, DataSource dataSource, JdbcClient jdbc, ParticipantRegister register,
                       TransactionTemplate transaction, Clock clock, MeterRegistry meters, org.springframework.core.env.Environment environment,
                       ScadaPki pki) {
        this.pki = pki;
        this.environment = environment;
        this.properties = properties;
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.register = register;
        this.transaction = transaction;
        this.clock = clock;
        this.claims = new SubstationClaim.Session(dataSource);
        this.ingest = new com.greenex.scada.store.ConnectionLimit(dataSource, properties.ingestConnections());
        FunctionCounter.builder("greenex.readings.ingested", this, b -> b.writtenBefore.get() + b.bridged.stream().mapToLong(Bridged::written).sum())
                .description("readings the SCADA bridge stored").baseUnit("readings").register(meters);
    }

    /**
     * The substations bridged here: the mapping's one, or the simulated ones (SS-01, SS-02, …; the first
     * one's prosumers P-001 …, the others' prefixed with their substation, SS-02-P-001 …).
     */
    List<String> configured() {
        if (properties.mapping() != null || properties.simulatedSubstations() == 1) {
            return List.of(properties.substation());
        }
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= properties.simulatedSubstations(); i++) {
            out.add(i == 1 ? properties.substation() : "SS-%02d".formatted(i));
        }
        if (new java.util.HashSet<>(out).size() != out.size()) {
            throw new IllegalStateException("greenex.scada.substation " + properties.substation() + " collides with the simulated substations " + out
                    + ": name the first one otherwise (e.g. SS-01)");
        }
        return out;
    }

    /**
     * Claims each configured substation and bridges it, then each one the integrator connected by upload
     * (its stored mapping); a paused or removed substation is left alone. One another instance bridges
     * stands by and is tried again every 5 s; an uploaded one whose endpoint cannot be reached now is
     * tried again every {@link #RETRY} (the portal starts all the same).
     */
    @Override
    public void start() {
        if (properties.mapping() == null) {
            com.greenex.portal.config.DevelopmentDefaults.requireForSimulatedSubstation(environment);
        }
        running = true;
        Map<String, String> states = new HashMap<>();
        jdbc.sql("SELECT id, state FROM substations").query(rs -> {
            states.put(rs.getString(1), rs.getString(2));
        });
        List<String> substations = configured();
        for (String s : substations) {
            if (!states.getOrDefault(s, "ACTIVE").equals("ACTIVE")) {
                log.warn("substation {} is {}: not bridged (the integrator resumes it, or connects it again)", s, states.get(s));
                continue;
            }
            Bridged b = new Bridged(s, prefixOf(s), null);
            bridged.add(b);
            b.start();
        }
        List<Map.Entry<String, String>> uploaded = jdbc.sql("""
                        SELECT m.substation_id, m.yaml FROM substation_mappings m JOIN substations s ON s.id = m.substation_id
                         WHERE s.state = 'ACTIVE' ORDER BY m.substation_id""")
                .query((rs, i) -> Map.entry(rs.getString(1), rs.getString(2))).list();
        for (Map.Entry<String, String> u : uploaded) {
            if (substations.contains(u.getKey())) {
                continue;
            }
            SubstationMapping m = new MappingReader().read(new ByteArrayInputStream(u.getValue().getBytes(StandardCharsets.UTF_8)),
                    "stored mapping of " + u.getKey());
            startOrRetry(new Bridged(u.getKey(), "", m));
        }
        String host = com.greenex.portal.config.Hosts.name();
        heartbeat = new com.greenex.scada.store.BridgeHeartbeat(dataSource, com.greenex.scada.store.BridgeHeartbeat.idOf("PORTAL", host), "PORTAL", host,
                () -> statuses().stream().filter(s -> !s.facts().containsKey("standby")).map(s -> new com.greenex.scada.store.BridgeHeartbeat.Substation(
                        s.substation(), s.connected(), s.detail(), count(s, "received"), count(s, "written"), count(s, "dropped"))).toList(),
                Duration.ofSeconds(5));
    }

    private static long count(SubstationStatus s, String fact) {
        return s.facts().get(fact) instanceof Number n ? n.longValue() : 0;
    }

    /** How often an uploaded substation that could not be connected when the portal started is tried again. */
    static final Duration RETRY = Duration.ofSeconds(15);

    private final java.util.concurrent.ScheduledExecutorService retries = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("greenex-bridge-retry").daemon(true).factory());

    /** Starts {@code b}; when its endpoint cannot be reached, says why in its status and tries again every {@link #RETRY}. */
    private void startOrRetry(Bridged b) {
        bridged.add(b);
        try {
            b.start();
        } catch (IllegalStateException e) {
            log.error("{}: trying again every {} s", e.getMessage(), RETRY.toSeconds());
            b.stop();
            b.failed = e.getMessage();
            retries.schedule(() -> retry(b), RETRY.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void retry(Bridged failed) {
        if (!running || !bridged.remove(failed)) {
            return; // stopped, paused or removed meanwhile
        }
        startOrRetry(new Bridged(failed.substation, failed.idPrefix, failed.live));
    }

    /** The simulated substations' participant id prefix: none for the first one (P-001 …), its own id for the others (SS-02-P-001 …). */
    private String prefixOf(String substation) {
        return substation.equals(configured().getFirst()) ? "" : substation + "-";
    }

    /** Whether this portal bridges the substation now (or stands by for it, or tries again to connect it). */
    public boolean bridges(String substation) {
        return bridged.stream().anyMatch(b -> b.substation.equals(substation));
    }

    /** Whether the substation is one of this portal's configuration (its mapping file or simulator) rather than an upload. */
    public boolean isConfigured(String substation) {
        return configured().contains(substation);
    }

    /**
     * Bridges a substation from now on, without a restart: claims it, registers nothing (the caller did),
     * starts its ingest and subscribes. Refused when this portal bridges it already.
     *
     * @throws IllegalStateException naming the substation when it is bridged here already or cannot be connected
     */
    public synchronized SubstationStatus connect(SubstationMapping mapping) {
        if (bridges(mapping.substation())) {
            throw new IllegalStateException("substation " + mapping.substation() + " is bridged here already");
        }
        return startNew(new Bridged(mapping.substation(), "", mapping));
    }

    /** Starts a substation's bridge and adds it; one that cannot start leaves nothing running. */
    private SubstationStatus startNew(Bridged b) {
        try {
            b.start();
        } catch (IllegalStateException e) {
            b.stop();
            throw e;
        }
        bridged.add(b);
        return b.status();
    }

    /**
     * Bridges a substation of this portal's configuration again (after a pause): its mapping file or its
     * simulator, as at start.
     *
     * @throws IllegalStateException when it is not configured here, is bridged already or cannot be connected
     */
    public synchronized SubstationStatus resumeConfigured(String substation) {
        if (!isConfigured(substation)) {
            throw new IllegalStateException("substation " + substation + " is not in this portal's configuration");
        }
        if (bridges(substation)) {
            throw new IllegalStateException("substation " + substation + " is bridged here already");
        }
        return startNew(new Bridged(substation, prefixOf(substation), null));
    }

    /**
     * Stops bridging a substation (paused, removed or about to be connected with its updated mapping):
     * its session is closed, the readings it holds are written first, its claim is let go.
     *
     * @return whether this portal bridged it
     */
    public synchronized boolean disconnect(String substation) {
        Bridged b = bridged.stream().filter(x -> x.substation.equals(substation)).findFirst().orElse(null);
        if (b == null) {
            return false;
        }
        bridged.remove(b);
        b.stop();
        writtenBefore.addAndGet(b.written());
        log.info("substation {} is no longer bridged here", substation);
        return true;
    }

    /** The demo register: every simulated prosumer admitted, with its smart meter, battery and chain account. */
    private void registerDemoProsumers(SimulatedSubstation sim) {
        jdbc.sql("INSERT INTO substations (id, name) VALUES (?, ?) ON CONFLICT (id) DO NOTHING").params(sim.substation(), sim.substation()).update();
        for (int i = 1; i <= sim.prosumers(); i++) {
            String p = sim.participantId(i);
            register.registerAdmittedForDemo(new ParticipantRegister.Registration(p, p.equals("P-%03d".formatted(i)) ? "Prosumer " + i : "Prosumer " + p, BigDecimal.TEN, "0.4kV", true));
            jdbc.sql("INSERT INTO meters (id, participant_id, substation_id, smart) VALUES (?, ?, ?, true) ON CONFLICT (id) DO NOTHING")
                    .params(sim.meterId(i), p, sim.substation()).update();
            SimulatedSubstation.BatteryLimits limits = sim.batteryLimits(i);
            jdbc.sql("""
                            INSERT INTO batteries (id, participant_id, capacity_kwh, soc_min_percent, soc_max_percent, max_charge_kw, max_discharge_kw,
                                                   round_trip_efficiency)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE
                               SET soc_min_percent = excluded.soc_min_percent, soc_max_percent = excluded.soc_max_percent,
                                   max_charge_kw = excluded.max_charge_kw, max_discharge_kw = excluded.max_discharge_kw,
                                   round_trip_efficiency = excluded.round_trip_efficiency""")
                    .params(sim.batteryId(i), p, BigDecimal.valueOf(sim.batteryKwh(i)).setScale(3, RoundingMode.HALF_UP),
                            BigDecimal.valueOf(limits.socMinPercent()), BigDecimal.valueOf(limits.socMaxPercent()),
                            BigDecimal.valueOf(limits.maxChargeKw()).setScale(3, RoundingMode.HALF_UP),
                            BigDecimal.valueOf(limits.maxDischargeKw()).setScale(3, RoundingMode.HALF_UP),
                            BigDecimal.valueOf(limits.efficiency()).setScale(3, RoundingMode.HALF_UP)).update();
            jdbc.sql("INSERT INTO participant_accounts (participant_id, address) VALUES (?, ?) ON CONFLICT (participant_id) DO NOTHING")
                    .params(p, demoAccount(p)).update();
        }
    }

    /**
     * A demo prosumer's chain account, where its green certificates go: derived from its id, so that
     * anyone can compute its key. Demo only; real participants register their own address.
     */
    static String demoAccount(String participant) {
        return com.greenex.portal.config.DemoAccounts.address(participant);
    }

    /**
     * Writes each battery's setpoint (kW, positive charges) over OPC UA to the node its substation's
     * mapping names for {@code BATTERY_SETPOINT_KW}, and reads it back; one outcome per battery, in
     * words when it failed. The substations are written one after another, each in one request.
     */
    public List<SetpointOutcome> writeSetpoints(Map<String, BigDecimal> kwByBattery) {
        List<SetpointOutcome> out = new ArrayList<>();
        Map<Bridged, Map<String, BigDecimal>> bySubstation = new LinkedHashMap<>();
        for (Map.Entry<String, BigDecimal> e : kwByBattery.entrySet()) {
            Bridged owner = bridged.stream().filter(b -> b.setpointOf.containsKey(e.getKey())).findFirst().orElse(null);
            if (owner == null) {
                out.add(new SetpointOutcome(e.getKey(), e.getValue(), SetpointOutcome.Outcome.NO_SETPOINT_POINT,
                        "no BATTERY_SETPOINT_KW point is mapped for battery " + e.getKey() + " in the substations bridged here "
                                + bridged.stream().map(b -> b.substation).toList(), null));
            } else {
                bySubstation.computeIfAbsent(owner, b -> new LinkedHashMap<>()).put(e.getKey(), e.getValue());
            }
        }
        bySubstation.forEach((b, kw) -> out.addAll(b.write(kw)));
        return out;
    }

    /** Each bridged substation's session and counters. */
    public List<SubstationStatus> statuses() {
        return bridged.stream().map(Bridged::status).toList();
    }

    /** The first substation's session and counters (the only one with a mapping file). */
    public SubstationStatus status() {
        return bridged.isEmpty() ? new SubstationStatus(properties.substation(), false, "not started", Map.of()) : bridged.getFirst().status();
    }

    /** The source time of the oldest reading not yet written to the database by any substation's bridge, or null. */
    public java.time.Instant oldestUnwritten() {
        return bridged.stream().map(Bridged::oldestUnwritten).filter(java.util.Objects::nonNull).min(java.util.Comparator.naturalOrder()).orElse(null);
    }

    public String substation() {
        return properties.substation();
    }

    @Override
    public void stop() {
        running = false;
        retries.shutdownNow();
        for (Bridged b : bridged) {
            b.stop();
        }
        if (heartbeat != null) {
            heartbeat.close();
        }
        try {
            claims.close();
        } catch (java.sql.SQLException e) {
            log.warn("ending the session of the substations' claims: {}", e.getMessage());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** One substation: its claim, its simulator (the demo), its mapping, its OPC UA session and its ingest pipeline. */
    private final class Bridged {

        final String substation;
        final String idPrefix;
        /** A mapping connected live (an upload), or null: the configured file or the simulator. */
        final SubstationMapping live;
        private SimulatedSubstation simulated;
        private volatile IngestPipeline pipeline;
        private volatile SubstationConnection connection;
        volatile Map<String, PointMapping> setpointOf = Map.of();
        private volatile SubstationClaim claim;
        private java.util.concurrent.ScheduledExecutorService standby;
        /** The mapping bridged (the file's, the simulator's or the upload's), once started. */
        private volatile SubstationMapping mapping;
        /** Why it could not be started, while it is tried again; null otherwise. */
        volatile String failed;

        Bridged(String substation, String idPrefix, SubstationMapping live) {
            this.substation = substation;
            this.idPrefix = idPrefix;
            this.live = live;
        }

        void start() {
            if (!claim()) {
                log.info("substation {} is bridged by another instance: standing by", substation);
                standby = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "greenex-bridge-standby-" + substation);
                    t.setDaemon(true);
                    return t;
                });
                standby.scheduleWithFixedDelay(() -> {
                    try {
                        if (claim == null && claim()) {
                            log.info("substation {} is free: this instance bridges it now", substation);
                            bridge();
                            standby.shutdown();
                        }
                    } catch (RuntimeException e) {
                        log.warn("taking over substation {}: {}", substation, e.getMessage(), e);
                    }
                }, 5, 5, java.util.concurrent.TimeUnit.SECONDS);
                return;
            }
            bridge();
        }

        private synchronized boolean claim() {
            try {
                claim = claims.tryClaim(substation).orElse(null);
                return claim != null;
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("the SCADA bridge could not claim substation " + substation + ": " + e.getMessage(), e);
            }
        }

        private void bridge() {
            try {
                SubstationMapping mapping;
                if (live != null) {
                    mapping = live;
                } else if (properties.mapping() != null) {
                    mapping = new MappingReader().read(properties.mapping());
                } else {
                    int port;
                    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                        port = s.getLocalPort();
                    }
                    simulated = new SimulatedSubstation(substation, properties.simulatedProsumers(), port, Duration.ofSeconds(1), clock)
                            .idPrefix(idPrefix).timeScale(properties.simulatedTimeScale()).setpointWatchdog(properties.simulatedSetpointWatchdog());
                    if (properties.simulatedStartTime() != null) {
                        simulated.startAt(properties.simulatedStartTime());
                    }
                    simulated.start();
                    transaction.executeWithoutResult(t -> registerDemoProsumers(simulated));
                    mapping = new MappingReader().read(new ByteArrayInputStream(simulated.mappingYaml().getBytes(StandardCharsets.UTF_8)),
                            "simulated " + substation);
                    log.info("Simulated substation {} with {} prosumers at {}", substation, properties.simulatedProsumers(), simulated.endpointUrl());
                }
                mapping.problems().forEach(p -> log.warn("mapping {}: {}", mapping.substation(), p));
                Map<String, PointMapping> setpoints = new HashMap<>();
                for (PointMapping p : mapping.points()) {
                    if (p.quantity() == Quantity.BATTERY_SETPOINT_KW) {
                        setpoints.put(p.battery(), p);
                    }
                }
                setpointOf = Map.copyOf(setpoints);
                PointRegistry.Registration registration = new PointRegistry(dataSource).register(mapping);
                registration.problems().forEach(p -> log.warn("point {}: {}", mapping.substation(), p));
                pipeline = new IngestPipeline(new ReadingStore(ingest), registration.pointIds(), properties.buffer(), 5_000, Duration.ofMillis(200),
                        clock);
                connection = new SubstationConnection(mapping, Duration.ofMillis(properties.samplingMs()), Duration.ofMillis(properties.publishingMs()),
                        pipeline, pki.clientSecurity());
                this.mapping = mapping;
                connection.connect();
            } catch (Exception e) {
                throw new IllegalStateException("the SCADA bridge could not start substation " + substation + ": " + e.getMessage(), e);
            }
        }

        List<SetpointOutcome> write(Map<String, BigDecimal> kwByBattery) {
            List<SetpointOutcome> out = new ArrayList<>();
            List<SubstationConnection.Setpoint> writes = new ArrayList<>();
            kwByBattery.forEach((battery, kw) -> writes.add(new SubstationConnection.Setpoint(setpointOf.get(battery), kw)));
            SubstationConnection c = connection;
            if (c == null) {
                for (SubstationConnection.Setpoint w : writes) {
                    out.add(new SetpointOutcome(w.point().battery(), w.kw(), SetpointOutcome.Outcome.NOT_CONNECTED,
                            "the bridge to substation " + substation + " is not started", null));
                }
                return out;
            }
            for (SubstationConnection.SetpointResult r : c.write(writes)) {
                SetpointOutcome.Outcome o = r.written() ? SetpointOutcome.Outcome.WRITTEN
                        : r.detail() != null && r.detail().startsWith("not connected") ? SetpointOutcome.Outcome.NOT_CONNECTED : SetpointOutcome.Outcome.REFUSED;
                out.add(new SetpointOutcome(r.point().battery(), r.kw(), o, r.detail(), r.readBack()));
            }
            return out;
        }

        long written() {
            IngestPipeline p = pipeline;
            return p == null ? 0 : p.written();
        }

        java.time.Instant oldestUnwritten() {
            IngestPipeline p = pipeline;
            return p == null ? null : p.oldestUnwritten();
        }

        SubstationStatus status() {
            SubstationConnection c = connection;
            IngestPipeline p = pipeline;
            Map<String, Object> facts = new LinkedHashMap<>();
            SubstationMapping m = mapping;
            if (m != null) {
                com.greenex.scada.mapping.Security s = m.security();
                facts.put("security", s.policy() + " / " + s.mode() + " / "
                        + (s.certificateIdentity() ? "certificate" : s.username() != null ? "user " + s.username() : "anonymous"));
            }
            if (failed != null) {
                return new SubstationStatus(substation, false, "not connected, tried again every " + RETRY.toSeconds() + " s: " + failed, facts);
            }
            if (c != null) {
                facts.put("endpoint", c.endpoint());
                facts.put("resubscriptions", c.resubscriptions());
            }
            if (p != null) {
                facts.put("received", p.received());
                facts.put("written", p.written());
                facts.put("dropped", p.dropped());
                facts.put("writeFailures", p.writeFailures());
                facts.put("outOfBounds", p.outOfBounds());
                facts.put("buffered", p.buffered());
            }
            boolean up = c != null && c.connected();
            if (claim == null && running) {
                facts.put("standby", true);
                return new SubstationStatus(substation, true, "standby: another instance bridges it", facts);
            }
            String detail = up ? "connected to " + c.endpoint()
                    : c == null ? "not started" : "disconnected from " + c.endpoint() + (c.lastError() == null ? "" : ": " + c.lastError());
            return new SubstationStatus(substation, up, detail, facts);
        }

        void stop() {
            try {
                if (standby != null) {
                    standby.shutdownNow();
                }
                if (connection != null) {
                    connection.close();
                }
                if (pipeline != null) {
                    pipeline.close(); // drains the buffer to the database first
                    log.info("SCADA bridge {} stopped: {} readings received, {} written, {} dropped", substation, pipeline.received(),
                            pipeline.written(), pipeline.dropped());
                }
                if (simulated != null) {
                    simulated.close();
                }
                if (claim != null) {
                    claim.close();
                }
            } catch (Exception e) {
                log.error("stopping the SCADA bridge to {}: {}", substation, e.getMessage(), e);
            }
        }
    }
}
