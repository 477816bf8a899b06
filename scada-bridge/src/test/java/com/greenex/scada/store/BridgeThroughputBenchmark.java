package com.greenex.scada.store;

import com.greenex.scada.client.SubstationConnection;
import com.greenex.scada.ingest.IngestPipeline;
import com.greenex.scada.mapping.MappingReader;
import com.greenex.scada.mapping.SubstationMapping;
import com.greenex.scada.sim.SimulatedSubstation;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;

/**
 * Prints its figures: value changes per second from the simulated substation (a Milo server on
 * 127.0.0.1) through one bridge (subscription, buffer, batched COPY) into PostgreSQL, whether anything
 * was lost, and the delay from source timestamp to committed row (p50, p99, max).
 *
 * <p>{@code ./mvnw -q -pl scada-bridge -Pbench test-compile exec:exec -Dbench.main=com.greenex.scada.store.BridgeThroughputBenchmark -Dbench.args="5000 200 30"}
 * (prosumers, update interval in ms, seconds).
 */
public final class BridgeThroughputBenchmark {

    public static void main(String[] args) throws Exception {
        int prosumers = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int intervalMs = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        System.out.printf("machine: %d cores; %d prosumers = %d points, updated every %d ms, for %d s%n",
                Runtime.getRuntime().availableProcessors(), prosumers, prosumers * 4, intervalMs, seconds);
        try (StoreDatabase db = StoreDatabase.start(8);
             SimulatedSubstation sim = new SimulatedSubstation("SS-B", prosumers, port, Duration.ofMillis(intervalMs), Clock.systemUTC())) {
            try (Connection c = db.dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO substations (id, name) VALUES ('SS-B', 'bench')");
                s.execute("INSERT INTO participants (id, name, kind, capacity_kw, voltage_level) "
                        + "SELECT format('P-%s', CASE WHEN i < 1000 THEN lpad(i::text, 3, '0') ELSE i::text END), 'P', 'PROSUMER', 10, '0.4kV' FROM generate_series(1, " + prosumers + ") i");
                s.execute("INSERT INTO meters (id, participant_id, substation_id, smart) "
                        + "SELECT format('M-%s', CASE WHEN i < 1000 THEN lpad(i::text, 3, '0') ELSE i::text END), format('P-%s', CASE WHEN i < 1000 THEN lpad(i::text, 3, '0') ELSE i::text END), 'SS-B', true FROM generate_series(1, " + prosumers + ") i");
                s.execute("INSERT INTO batteries (id, participant_id, capacity_kwh) "
                        + "SELECT format('B-%s', CASE WHEN i < 1000 THEN lpad(i::text, 3, '0') ELSE i::text END), format('P-%s', CASE WHEN i < 1000 THEN lpad(i::text, 3, '0') ELSE i::text END), 20 FROM generate_series(1, " + prosumers + ") i");
            }
            sim.start();
            SubstationMapping mapping = new MappingReader().read(
                    new ByteArrayInputStream(sim.mappingYaml().getBytes(StandardCharsets.UTF_8)), "SS-B");
            PointRegistry.Registration reg = new PointRegistry(db.dataSource).register(mapping);
            if (!reg.problems().isEmpty()) {
                throw new IllegalStateException("points not registered: " + reg.problems().getFirst());
            }
            ReadingStore store = new ReadingStore(db.dataSource);
            IngestPipeline pipeline = new IngestPipeline(store, reg.pointIds(), 2_000_000, 10_000, Duration.ofMillis(100));
            long publishedBefore;
            long t0;
            try (SubstationConnection connection = new SubstationConnection(mapping, Duration.ofMillis(intervalMs),
                    Duration.ofMillis(100), pipeline)) {
                connection.connect();
                Thread.sleep(3_000); // warm up: initial values, JIT
                publishedBefore = sim.published();
                long receivedBefore = pipeline.received();
                t0 = System.nanoTime();
                Thread.sleep(seconds * 1_000L);
                double elapsed = (System.nanoTime() - t0) / 1e9;
                long received = pipeline.received() - receivedBefore;
                System.out.printf("server set %,d values (%,.0f/s); the bridge received %,d changes = %,.0f changes/s%n",
                        sim.published() - publishedBefore, (sim.published() - publishedBefore) / elapsed, received, received / elapsed);
            }
            pipeline.close();
            try (Connection c = db.dataSource.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*), "
                         + "percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM received_at - source_time)), "
                         + "percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM received_at - source_time)), "
                         + "max(extract(epoch FROM received_at - source_time)) FROM readings")) {
                rs.next();
                System.out.printf("stored %,d rows; received %,d, written %,d, dropped %,d, buffered at the end %,d%n",
                        rs.getLong(1), pipeline.received(), pipeline.written(), pipeline.dropped(), pipeline.buffered());
                System.out.printf("source timestamp to committed row: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                        rs.getDouble(2) * 1000, rs.getDouble(3) * 1000, rs.getDouble(4) * 1000);
            }
        }
    }
}
