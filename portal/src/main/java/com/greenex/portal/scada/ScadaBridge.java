package com.greenex.portal.scada;

import com.greenex.scada.client.SubstationConnection;
import com.greenex.scada.ingest.IngestPipeline;
import com.greenex.scada.mapping.MappingReader;
import com.greenex.scada.mapping.SubstationMapping;
import com.greenex.scada.sim.SimulatedSubstation;
import com.greenex.scada.store.PointRegistry;
import com.greenex.scada.store.ReadingStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * The bridge inside the portal: a configured substation's mapping, or (the default) a simulated
 * substation whose prosumers are registered as admitted participants, so that the market has data.
 */
@Component
@ConditionalOnProperty(name = "greenex.scada.enabled", havingValue = "true", matchIfMissing = true)
public class ScadaBridge implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ScadaBridge.class);

    private final ScadaProperties properties;
    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private SimulatedSubstation simulated;
    private IngestPipeline pipeline;
    private SubstationConnection connection;
    private volatile boolean running;

    public ScadaBridge(ScadaProperties properties, DataSource dataSource, JdbcClient jdbc) {
        this.properties = properties;
        this.dataSource = dataSource;
        this.jdbc = jdbc;
    }

    @Override
    public void start() {
        try {
            SubstationMapping mapping;
            if (properties.mapping() != null) {
                mapping = new MappingReader().read(properties.mapping());
            } else {
                int port;
                try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    port = s.getLocalPort();
                }
                simulated = new SimulatedSubstation(properties.substation(), properties.simulatedProsumers(), port, Duration.ofSeconds(1), Clock.systemUTC())
                        .timeScale(properties.simulatedTimeScale());
                simulated.start();
                registerDemoProsumers(simulated);
                mapping = new MappingReader().read(new ByteArrayInputStream(simulated.mappingYaml().getBytes(StandardCharsets.UTF_8)), "simulated " + properties.substation());
                log.info("Simulated substation {} with {} prosumers at {}", properties.substation(), properties.simulatedProsumers(), simulated.endpointUrl());
            }
            mapping.problems().forEach(p -> log.warn("mapping {}: {}", mapping.substation(), p));
            PointRegistry.Registration registration = new PointRegistry(dataSource).register(mapping);
            registration.problems().forEach(p -> log.warn("point {}: {}", mapping.substation(), p));
            pipeline = new IngestPipeline(new ReadingStore(dataSource), registration.pointIds(), properties.buffer(), 5_000, Duration.ofMillis(200));
            connection = new SubstationConnection(mapping, Duration.ofMillis(properties.samplingMs()), Duration.ofMillis(properties.publishingMs()), pipeline);
            connection.connect();
            running = true;
        } catch (Exception e) {
            throw new IllegalStateException("the SCADA bridge could not start: " + e.getMessage(), e);
        }
    }

    /** The demo register: every simulated prosumer admitted, with its smart meter and battery. */
    private void registerDemoProsumers(SimulatedSubstation sim) {
        jdbc.sql("INSERT INTO substations (id, name) VALUES (?, ?) ON CONFLICT (id) DO NOTHING").params(sim.substation(), sim.substation()).update();
        for (int i = 1; i <= sim.prosumers(); i++) {
            String p = String.format("P-%03d", i);
            jdbc.sql("INSERT INTO participants (id, name, kind, capacity_kw, voltage_level, trading_client_installed, status) "
                            + "VALUES (?, ?, 'PROSUMER', 10, '0.4kV', true, 'ADMITTED') ON CONFLICT (id) DO NOTHING")
                    .params(p, "Prosumer " + i).update();
            jdbc.sql("INSERT INTO meters (id, participant_id, substation_id, smart) VALUES (?, ?, ?, true) ON CONFLICT (id) DO NOTHING")
                    .params(String.format("M-%03d", i), p, sim.substation()).update();
            jdbc.sql("INSERT INTO batteries (id, participant_id, capacity_kwh) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING")
                    .params(String.format("B-%03d", i), p, new java.math.BigDecimal(String.format(Locale.ROOT, "%.3f", sim.batteryKwh(i)))).update();
            jdbc.sql("INSERT INTO participant_accounts (participant_id, address) VALUES (?, ?) ON CONFLICT (participant_id) DO NOTHING")
                    .params(p, demoAccount(p)).update();
        }
    }

    /**
     * A demo prosumer's chain account, where its green certificates go: derived from its id, so that
     * anyone can compute its key. Demo only; real participants register their own address.
     */
    static String demoAccount(String participant) {
        byte[] seed = org.web3j.crypto.Hash.sha3(("greenex-demo-account:" + participant).getBytes(StandardCharsets.UTF_8));
        return "0x" + org.web3j.crypto.Keys.getAddress(org.web3j.crypto.ECKeyPair.create(seed));
    }

    /** The bridge's connection, null when the bridge did not start. */
    public com.greenex.scada.client.SubstationConnection connection() {
        return connection;
    }

    public String substation() {
        return properties.substation();
    }

    @Override
    public void stop() {
        running = false;
        try {
            if (connection != null) {
                connection.close();
            }
            if (pipeline != null) {
                pipeline.close();
            }
            if (simulated != null) {
                simulated.close();
            }
        } catch (Exception e) {
            log.error("stopping the SCADA bridge: {}", e.getMessage(), e);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    public IngestPipeline pipeline() {
        return pipeline;
    }
}
