package com.greenex.scada.sim;

import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfigBuilder;
import org.eclipse.milo.opcua.sdk.server.identity.CompositeValidator;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.X509IdentityValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultServerCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.KeyStoreCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import com.greenex.scada.security.Pki;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A substation's SCADA as an OPC UA server on loopback: N prosumers, each with a meter (active power,
 * import and export counters, PV and load power) and a battery (SOC, power, charge and discharge
 * limits, and a writable setpoint), in namespace {@value #NAMESPACE_URI}, node ids
 * {@code s=<substation>/M-001/P}, {@code …/Import}, {@code …/Export}, {@code …/PV}, {@code …/Load} and
 * {@code s=<substation>/B-001/SOC}, {@code …/Power}, {@code …/Setpoint}, {@code …/MaxCharge},
 * {@code …/MaxDischarge}. Values change every update interval, with source and server timestamps from
 * the injected clock. A battery follows the setpoint written to it for {@link #setpointWatchdog} and
 * then falls back to self-consumption.
 */
public final class SimulatedSubstation implements AutoCloseable {

    public static final String NAMESPACE_URI = "urn:greenex:sim";

    private final String substation;
    private final int prosumers;
    private final int port;
    private final Clock clock;
    private final Duration updateInterval;
    private final OpcUaServer server;
    private final SimNamespace namespace;
    private volatile boolean started;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "greenex-sim-substation");
        t.setDaemon(true);
        return t;
    });

    /**
     * Security None, anonymous: the demo.
     *
     * @param port loopback port to listen on (the caller picks a free one)
     */
    private String idPrefix = "";

    public SimulatedSubstation(String substation, int prosumers, int port, Duration updateInterval, Clock clock) {
        this(substation, prosumers, port, updateInterval, clock, null);
    }

    /**
     * What a real substation offers: Basic256Sha256 endpoints (Sign and SignAndEncrypt) beside None,
     * username/password and certificate identities.
     *
     * @param pki   the server's own certificate and the client certificates it trusts
     * @param users username to password
     */
    public record ServerSecurity(Pki pki, Map<String, String> users) {
    }

    public SimulatedSubstation(String substation, int prosumers, int port, Duration updateInterval, Clock clock,
                               ServerSecurity security) {
        if (prosumers < 1) {
            throw new IllegalArgumentException("a simulated substation needs at least 1 prosumer, got " + prosumers);
        }
        this.substation = substation;
        this.prosumers = prosumers;
        this.port = port;
        this.clock = clock;
        this.updateInterval = updateInterval;
        Set<EndpointConfig> endpoints = new LinkedHashSet<>();
        EndpointConfig.Builder base = EndpointConfig.newBuilder()
                .setBindAddress("127.0.0.1")
                .setHostname("127.0.0.1")
                .setBindPort(port)
                .setPath("/greenex");
        OpcUaServerConfigBuilder config = OpcUaServerConfig.builder()
                .setApplicationName(LocalizedText.english("Greenex simulated substation " + substation))
                .setProductUri("urn:greenex:sim");
        if (security == null) {
            endpoints.add(base.copy().setSecurityPolicy(SecurityPolicy.None).setSecurityMode(MessageSecurityMode.None)
                    .addTokenPolicy(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS).build());
            config.setApplicationUri("urn:greenex:sim:" + substation)
                    .setCertificateManager(new DefaultCertificateManager(new MemoryCertificateQuarantine()));
        } else {
            Pki pki = security.pki();
            base.setCertificate(pki.certificate())
                    .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_USERNAME, OpcUaServerConfig.USER_TOKEN_POLICY_X509);
            endpoints.add(base.copy().setSecurityPolicy(SecurityPolicy.None).setSecurityMode(MessageSecurityMode.None).build());
            endpoints.add(base.copy().setSecurityPolicy(SecurityPolicy.Basic256Sha256).setSecurityMode(MessageSecurityMode.Sign).build());
            endpoints.add(base.copy().setSecurityPolicy(SecurityPolicy.Basic256Sha256).setSecurityMode(MessageSecurityMode.SignAndEncrypt).build());
            try {
                KeyStoreCertificateStore store = KeyStoreCertificateStore.createAndInitialize(new KeyStoreCertificateStore.Settings(
                        pki.dir().resolve("server-store.pfx"), "greenex-sim"::toCharArray, alias -> "greenex-sim".toCharArray()));
                RsaSha256CertificateFactory factory = new RsaSha256CertificateFactory() {
                    @Override
                    protected KeyPair createRsaSha256KeyPair() {
                        return pki.keyPair();
                    }

                    @Override
                    protected X509Certificate[] createRsaSha256CertificateChain(KeyPair keyPair) {
                        return new X509Certificate[] {pki.certificate()};
                    }
                };
                DefaultApplicationGroup group = DefaultApplicationGroup.createAndInitialize(pki.trustList(), store, factory,
                        new DefaultServerCertificateValidator(pki.trustList(), pki.quarantine()));
                config.setApplicationUri(CertificateUtil.getSanUri(pki.certificate()).orElseThrow())
                        .setCertificateManager(new DefaultCertificateManager(pki.quarantine(), group))
                        .setIdentityValidator(new CompositeValidator(
                                new UsernameIdentityValidator(c -> c.getPassword() != null
                                        && c.getPassword().equals(security.users().get(c.getUsername()))),
                                new X509IdentityValidator(c -> pki.trustList().getTrustedCertificates().contains(c))));
            } catch (Exception e) {
                throw new IllegalStateException("cannot set up the simulated substation's security in " + pki.dir() + ": " + e.getMessage(), e);
            }
        }
        config.setEndpoints(endpoints);
        server = new OpcUaServer(config.build(), profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
        namespace = new SimNamespace(server);
    }

    private volatile int timeScale = 1;
    private volatile Instant scaleOrigin;
    private volatile Duration watchdog = Duration.ofSeconds(30);

    /** How long a battery follows a setpoint written to it before it falls back to self-consumption (real time). */
    public SimulatedSubstation setpointWatchdog(Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("the setpoint watchdog must be positive, got " + d);
        }
        this.watchdog = d;
        return this;
    }

    /**
     * Runs the prosumers' day {@code factor} times faster than the clock: every update advances
     * their PV, load, counters and batteries by {@code factor} times the elapsed time, and their time
     * of day moves as fast. A demo with 15-minute intervals every 10 seconds uses 90. Call before start.
     */
    public SimulatedSubstation timeScale(int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("time scale must be 1 or more, got " + factor);
        }
        this.timeScale = factor;
        return this;
    }

    private volatile java.time.LocalTime startTime;

    /**
     * Starts the prosumers' day at this time of day (the paper's grid, UTC+8) instead of the clock's,
     * so that a demo or a test sees daylight, buyers and sellers whatever the hour. Call before start.
     */
    public SimulatedSubstation startAt(java.time.LocalTime localTime) {
        this.startTime = localTime;
        return this;
    }

    /** The prosumers' time: the clock's, or faster by the time scale since the start, from the chosen time of day. */
    Instant simulatedTime(Instant now) {
        if (scaleOrigin == null) {
            return now;
        }
        Instant origin = scaleOrigin;
        if (startTime != null) {
            java.time.ZoneOffset grid = java.time.ZoneOffset.ofHours(8);
            origin = scaleOrigin.atOffset(grid).toLocalDate().atTime(startTime).toInstant(grid);
        }
        return origin.plus(Duration.between(scaleOrigin, now).multipliedBy(timeScale));
    }

    /** Starts listening and updating; returns the endpoint URL. */
    public String start() throws Exception {
        scaleOrigin = clock.instant();
        server.startup().get(30, TimeUnit.SECONDS);
        started = true;
        namespace.startup();
        namespace.publish(clock.instant(), Duration.ZERO);
        long ms = updateInterval.toMillis();
        ticker.scheduleAtFixedRate(() -> namespace.publish(clock.instant(), updateInterval), ms, ms, TimeUnit.MILLISECONDS);
        return endpointUrl();
    }

    public String endpointUrl() {
        return "opc.tcp://127.0.0.1:" + port + "/greenex";
    }

    /**
     * Prefixes the ids of its prosumers, meters and batteries (e.g. {@code SS-02-}: SS-02-P-001), so that
     * several simulated substations on one platform name different participants; none by default.
     */
    public SimulatedSubstation idPrefix(String prefix) {
        this.idPrefix = java.util.Objects.requireNonNull(prefix, "prefix");
        return this;
    }

    /** Prosumer i's participant id (1-based). */
    /**
     * The first household (1-based) of {@code substation} that has no PV, among its first {@code prosumers}: it buys
     * whenever it uses electricity, day and night (the demo's household user). Empty when every one has PV.
     */
    public static java.util.OptionalInt firstWithoutPv(String substation, int prosumers) {
        for (int i = 1; i <= prosumers; i++) {
            if (!new ProsumerModel(substation.hashCode() * 31L + i).hasPv()) {
                return java.util.OptionalInt.of(i);
            }
        }
        return java.util.OptionalInt.empty();
    }

    public String participantId(int i) {
        return idPrefix + String.format("P-%03d", i);
    }

    /** Prosumer i's meter id (1-based). */
    public String meterId(int i) {
        return idPrefix + String.format("M-%03d", i);
    }

    /** Prosumer i's battery id (1-based). */
    public String batteryId(int i) {
        return idPrefix + String.format("B-%03d", i);
    }

    /** A mapping file for every point of this substation, in the bridge's YAML format. */
    public String mappingYaml() {
        StringBuilder sb = new StringBuilder();
        sb.append("substation: ").append(substation).append('\n')
                .append("endpoint: ").append(endpointUrl()).append('\n')
                .append("security: {policy: None}\n")
                .append("points:\n");
        for (int i = 1; i <= prosumers; i++) {
            String p = participantId(i);
            String m = meterId(i);
            String b = batteryId(i);
            // The nodes keep the simulator's own names (M-001 under the substation's folder) whatever the ids.
            String mn = String.format("M-%03d", i);
            String bn = String.format("B-%03d", i);
            String ns = "nsu=" + NAMESPACE_URI + ";s=" + substation + "/";
            for (String[] q : new String[][] {{"ACTIVE_POWER_KW", "P"}, {"ENERGY_IMPORT_KWH", "Import"}, {"ENERGY_EXPORT_KWH", "Export"},
                    {"PV_POWER_KW", "PV"}, {"LOAD_POWER_KW", "Load"}}) {
                sb.append("  - {participant: ").append(p).append(", meter: ").append(m).append(", quantity: ").append(q[0])
                        .append(", node: \"").append(ns).append(mn).append('/').append(q[1]).append("\"}\n");
            }
            for (String[] q : new String[][] {{"SOC_PERCENT", "SOC"}, {"BATTERY_POWER_KW", "Power"}, {"BATTERY_SETPOINT_KW", "Setpoint"},
                    {"BATTERY_MAX_CHARGE_KW", "MaxCharge"}, {"BATTERY_MAX_DISCHARGE_KW", "MaxDischarge"}}) {
                sb.append("  - {participant: ").append(p).append(", battery: ").append(b).append(", quantity: ").append(q[0])
                        .append(", node: \"").append(ns).append(bn).append('/').append(q[1]).append("\"}\n");
            }
        }
        return sb.toString();
    }

    /** The battery capacity of prosumer i (1-based), kWh, for registering it; available once started. */
    public double batteryKwh(int i) {
        return namespace.models.get(i - 1).batteryKwh();
    }

    /** What prosumer i's battery can do, for registering it: power limits (kW), SOC floor and ceiling (%), round-trip efficiency. */
    public record BatteryLimits(double maxChargeKw, double maxDischargeKw, double socMinPercent, double socMaxPercent, double efficiency) {
    }

    public BatteryLimits batteryLimits(int i) {
        ProsumerModel m = namespace.models.get(i - 1);
        return new BatteryLimits(m.maxPowerKw(), m.maxPowerKw(), ProsumerModel.SOC_MIN, ProsumerModel.SOC_MAX, ProsumerModel.EFFICIENCY);
    }

    /** Prosumer i's SOC now, %. */
    public double socPercent(int i) {
        return namespace.models.get(i - 1).socPercent();
    }

    /** Prosumer i's battery power in the last update, kW (positive charging). */
    public double batteryKw(int i) {
        return namespace.models.get(i - 1).batteryKw();
    }

    /** Whether prosumer i's battery followed a fresh setpoint in the last update (false: self-consumption). */
    public boolean following(int i) {
        return namespace.models.get(i - 1).following();
    }

    public int prosumers() {
        return prosumers;
    }

    public String substation() {
        return substation;
    }

    /** How many value changes the server has published so far. */
    public long published() {
        return namespace.published;
    }

    @Override
    public void close() throws Exception {
        ticker.shutdownNow();
        if (started) {
            namespace.shutdown();
            server.shutdown().get(30, TimeUnit.SECONDS);
        }
    }

    private final class SimNamespace extends ManagedNamespaceWithLifecycle {

        private final List<ProsumerModel> models = new ArrayList<>();
        private final List<UaVariableNode[]> nodes = new ArrayList<>();
        /** Setpoints written by clients since the last update, by prosumer index (0-based), kW. */
        private final java.util.concurrent.ConcurrentHashMap<Integer, Double> written = new java.util.concurrent.ConcurrentHashMap<>();
        private final SubscriptionModel subscriptions;
        private volatile long published;

        SimNamespace(OpcUaServer server) {
            super(server, NAMESPACE_URI);
            subscriptions = new SubscriptionModel(server, this);
            getLifecycleManager().addLifecycle(subscriptions);
            getLifecycleManager().addStartupTask(this::build);
        }

        @Override
        public void onDataItemsCreated(List<DataItem> items) {
            subscriptions.onDataItemsCreated(items);
        }

        @Override
        public void onDataItemsModified(List<DataItem> items) {
            subscriptions.onDataItemsModified(items);
        }

        @Override
        public void onDataItemsDeleted(List<DataItem> items) {
            subscriptions.onDataItemsDeleted(items);
        }

        @Override
        public void onMonitoringModeChanged(List<MonitoredItem> items) {
            subscriptions.onMonitoringModeChanged(items);
        }

        private void build() {
            UaFolderNode folder = new UaFolderNode(getNodeContext(), newNodeId(substation), newQualifiedName(substation),
                    LocalizedText.english(substation));
            getNodeManager().addNode(folder);
            folder.addReference(new Reference(folder.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(), Reference.Direction.INVERSE));
            for (int i = 1; i <= prosumers; i++) {
                models.add(new ProsumerModel(substation.hashCode() * 31L + i));
                String m = String.format("%s/M-%03d/", substation, i);
                String b = String.format("%s/B-%03d/", substation, i);
                UaVariableNode setpoint = variable(folder, b + "Setpoint", AccessLevel.READ_WRITE);
                int index = i - 1;
                // A client's Write: the battery takes it at the next update; the node keeps it, stamped with the server's time.
                setpoint.getFilterChain().addLast(new org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilter() {
                    @Override
                    public void writeAttribute(org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilterContext ctx,
                                               org.eclipse.milo.opcua.stack.core.AttributeId id, Object value)
                            throws org.eclipse.milo.opcua.stack.core.UaException {
                        if (id == org.eclipse.milo.opcua.stack.core.AttributeId.Value && value instanceof DataValue dv
                                && dv.value() != null && dv.value().value() instanceof Number kw && Double.isFinite(kw.doubleValue())) {
                            DateTime at = new DateTime(clock.instant());
                            ctx.writeAttribute(id, new DataValue(new Variant(kw.doubleValue()), StatusCode.GOOD, at, at));
                            written.put(index, kw.doubleValue());
                        } else {
                            ctx.writeAttribute(id, value);
                        }
                    }
                });
                nodes.add(new UaVariableNode[] {variable(folder, m + "P"), variable(folder, m + "Import"), variable(folder, m + "Export"),
                        variable(folder, b + "SOC"), variable(folder, m + "PV"), variable(folder, m + "Load"), variable(folder, b + "Power"),
                        setpoint, variable(folder, b + "MaxCharge"), variable(folder, b + "MaxDischarge")});

            }
        }

        private UaVariableNode variable(UaFolderNode folder, String id) {
            return variable(folder, id, AccessLevel.READ_ONLY);
        }

        private UaVariableNode variable(UaFolderNode folder, String id, java.util.Set<AccessLevel> access) {
            UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                    .setNodeId(newNodeId(id))
                    .setBrowseName(newQualifiedName(id))
                    .setDisplayName(LocalizedText.english(id))
                    .setDataType(NodeIds.Double)
                    .setTypeDefinition(NodeIds.BaseDataVariableType)
                    .setAccessLevel(access)
                    .setUserAccessLevel(access)
                    .setValue(new DataValue(new Variant(0.0), StatusCode.GOOD, DateTime.now(), DateTime.now()))
                    .build();
            getNodeManager().addNode(node);
            folder.addOrganizes(node);
            return node;
        }

        void publish(Instant now, Duration dt) {
            DateTime at = new DateTime(now);
            long changes = 0;
            for (int i = 0; i < models.size(); i++) {
                ProsumerModel model = models.get(i);
                UaVariableNode[] n = nodes.get(i);
                Double setpoint = written.remove(i);
                if (setpoint != null) {
                    model.setpoint(setpoint, now);
                }
                if (!dt.isZero()) {
                    model.step(simulatedTime(now), dt.multipliedBy(timeScale), now, watchdog);
                } else {
                    // At start: the limits, which do not change afterwards.
                    set(n[8], model.maxPowerKw(), at);
                    set(n[9], model.maxPowerKw(), at);
                    changes += 2;
                }
                set(n[0], model.powerKw(), at);
                set(n[1], model.importKwh(), at);
                set(n[2], model.exportKwh(), at);
                set(n[3], model.socPercent(), at);
                set(n[4], model.pvKw(), at);
                set(n[5], model.loadKw(), at);
                set(n[6], model.batteryKw(), at);
                changes += 7;
            }
            published += changes;
        }

        private void set(UaVariableNode node, double value, DateTime at) {
            node.setValue(new DataValue(new Variant(Math.round(value * 1_000_000d) / 1_000_000d), StatusCode.GOOD, at, at));
        }
    }
}
