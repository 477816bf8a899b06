package com.greenex.portal.market;

import com.greenex.portal.scada.SetpointOutcome;
import com.greenex.portal.testing.TestPortal;
import com.greenex.scada.client.ReadingListener;
import com.greenex.scada.client.SubstationConnection;
import com.greenex.scada.mapping.MappingReader;
import com.greenex.scada.mapping.PointMapping;
import com.greenex.scada.mapping.PointProblem;
import com.greenex.scada.mapping.Quantity;
import com.greenex.scada.mapping.SubstationMapping;
import com.greenex.scada.sim.SimulatedSubstation;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Gate closure to every battery's setpoint written, for N prosumers with batteries (default 10,000):
 * positions from stored PV, load and SOC readings, the rules, the engine, the schedule committed, then
 * each setpoint written with the OPC UA Write service to a real Milo server on 127.0.0.1 (the
 * simulated substation), read back and recorded. Prints each stage's time; three runs after a warm-up.
 *
 * <p>{@code ./mvnw -q install -DskipTests && ./mvnw -q -pl portal -Pbench test-compile exec:exec
 * -Dbench.main=com.greenex.portal.market.GateClosureBenchmark -Dbench.args=10000}
 */
public final class GateClosureBenchmark {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path dir = Files.createTempDirectory("greenex-gate-bench-");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (TestPortal portal = TestPortal.plain(dir).interval(Duration.ofMinutes(15)).with("greenex.market.gate-lead", "PT5M").start();
             SimulatedSubstation sim = new SimulatedSubstation("SS-B", n, port, Duration.ofSeconds(5), Clock.systemUTC())) {
            sim.start();
            String setpointsOnly = sim.mappingYaml().lines().filter(l -> !l.startsWith("  - ") || l.contains("BATTERY_SETPOINT_KW"))
                    .collect(Collectors.joining("\n", "", "\n"));
            SubstationMapping mapping = new MappingReader().read(new ByteArrayInputStream(setpointsOnly.getBytes(StandardCharsets.UTF_8)), "SS-B");
            Map<String, PointMapping> setpointOf = new HashMap<>();
            mapping.points().stream().filter(p -> p.quantity() == Quantity.BATTERY_SETPOINT_KW).forEach(p -> setpointOf.put(p.battery(), p));
            JdbcClient jdbc = portal.jdbc();
            seed(jdbc, n);
            System.out.printf("gate closure to setpoints written: %,d prosumers with batteries, %d cores, PostgreSQL 17 and a Milo OPC UA server on 127.0.0.1%n",
                    n, Runtime.getRuntime().availableProcessors());
            try (SubstationConnection c = new SubstationConnection(mapping, Duration.ofSeconds(1), Duration.ofSeconds(1), quiet())) {
                c.connect();
                IntervalRunner runner = portal.bean(IntervalRunner.class);
                BatteryDispatcher dispatcher = portal.bean(BatteryDispatcher.class);
                IntervalLifecycle lifecycle = portal.bean(IntervalLifecycle.class);
                Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(2));
                for (int run = 0; run < 4; run++) {
                    Instant start = base.plus(Duration.ofMinutes(15L * run));
                    Instant gate = start.minus(Duration.ofMinutes(5));
                    readings(jdbc, gate);
                    IntervalLifecycle.Interval iv = lifecycle.open("SS-B", start, start.plus(Duration.ofMinutes(15)), gate);
                    long t0 = System.nanoTime();
                    IntervalOutcome o = runner.run(List.of("SS-B"), iv);
                    long t1 = System.nanoTime();
                    long[] writeNanos = {0};
                    BatteryDispatcher.Dispatched d = dispatcher.dispatch(o.intervalId(), runner.hours(), kw -> {
                        long w0 = System.nanoTime();
                        List<SubstationConnection.Setpoint> writes = new ArrayList<>();
                        kw.forEach((battery, value) -> writes.add(new SubstationConnection.Setpoint(setpointOf.get(battery), value)));
                        List<SetpointOutcome> out = c.write(writes).stream().map(r -> new SetpointOutcome(r.point().battery(), r.kw(),
                                r.written() ? SetpointOutcome.Outcome.WRITTEN : SetpointOutcome.Outcome.REFUSED, r.detail(), r.readBack())).toList();
                        writeNanos[0] = System.nanoTime() - w0;
                        return out;
                    });
                    long t2 = System.nanoTime();
                    System.out.printf("%s run %d: %,d trades; clear (positions, rules, engine, schedule committed) %,d ms; "
                                    + "setpoints written and read back over OPC UA %,d ms; recorded %,d ms; gate closure to all setpoints written %,d ms; %s%n",
                            run == 0 ? "warm-up" : "measured", run, o.trades(), (t1 - t0) / 1_000_000, writeNanos[0] / 1_000_000,
                            (t2 - t1 - writeNanos[0]) / 1_000_000, (t2 - t0) / 1_000_000, d.outcomes());
                }
            }
        }
    }

    /** N admitted prosumers on SS-B, each with a meter and a 20 kWh battery (5 kW), PV, load and SOC points. */
    private static void seed(JdbcClient jdbc, int n) {
        jdbc.sql("INSERT INTO substations (id, name) VALUES ('SS-B', 'bench')").update();
        jdbc.sql("""
                INSERT INTO participants (id, name, kind, capacity_kw, voltage_level, status)
                SELECT 'P-' || lpad(g::text, greatest(3, length(g::text)), '0'), 'P' || g, 'PROSUMER', 10, '0.4kV', 'ADMITTED' FROM generate_series(1, ?) g""").param(n).update();
        jdbc.sql("INSERT INTO meters (id, participant_id, substation_id, smart) SELECT 'M-' || lpad(g::text, greatest(3, length(g::text)), '0'), 'P-' || lpad(g::text, greatest(3, length(g::text)), '0'), 'SS-B', true "
                + "FROM generate_series(1, ?) g").param(n).update();
        jdbc.sql("""
                INSERT INTO batteries (id, participant_id, capacity_kwh, soc_min_percent, soc_max_percent, max_charge_kw, max_discharge_kw, round_trip_efficiency)
                SELECT 'B-' || lpad(g::text, greatest(3, length(g::text)), '0'), 'P-' || lpad(g::text, greatest(3, length(g::text)), '0'), 20, 10, 95, 5, 5, 0.9 FROM generate_series(1, ?) g""").param(n).update();
        for (String q : List.of("PV_POWER_KW", "LOAD_POWER_KW")) {
            jdbc.sql("INSERT INTO points (substation_id, participant_id, meter_id, quantity, node_id) SELECT 'SS-B', 'P-' || lpad(g::text, greatest(3, length(g::text)), '0'), "
                    + "'M-' || lpad(g::text, greatest(3, length(g::text)), '0'), ?, 'ns=2;s=bench/' || ? || g FROM generate_series(1, ?) g").params(q, q, n).update();
        }
        jdbc.sql("INSERT INTO points (substation_id, participant_id, battery_id, quantity, node_id) SELECT 'SS-B', 'P-' || lpad(g::text, greatest(3, length(g::text)), '0'), "
                + "'B-' || lpad(g::text, greatest(3, length(g::text)), '0'), 'SOC_PERCENT', 'ns=2;s=bench/soc' || g FROM generate_series(1, ?) g").param(n).update();
    }

    /** PV and load over the quarter hour before gate closure (half sellers, half buyers) and the SOC just before it. */
    private static void readings(JdbcClient jdbc, Instant gate) {
        jdbc.sql("""
                INSERT INTO readings (point_id, source_time, value, status_code)
                SELECT p.id, ?, CASE p.quantity WHEN 'PV_POWER_KW' THEN (p.id % 97) / 10.0 WHEN 'LOAD_POWER_KW' THEN (p.id % 89) / 10.0
                                                ELSE 20 + p.id % 60 END, 0
                  FROM points p WHERE p.substation_id = 'SS-B'""").param(Timestamp.from(gate.minusSeconds(60))).update();
    }

    private static ReadingListener quiet() {
        return new ReadingListener() {
            @Override
            public void onValue(PointMapping point, Instant sourceTime, Instant serverTime, BigDecimal value, long statusCode) {
            }

            @Override
            public void onPointProblem(PointProblem problem) {
            }
        };
    }
}
