package com.greenex.scada.client;

import com.greenex.scada.mapping.MappingReader;
import com.greenex.scada.mapping.PointMapping;
import com.greenex.scada.mapping.PointProblem;
import com.greenex.scada.mapping.SubstationMapping;
import com.greenex.scada.sim.SimulatedSubstation;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The bridge's client against the simulated substation, a real Milo server on 127.0.0.1. */
class SimulatedSubstationIT {

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void everyMappedPointDeliversGoodValuesWithTimestampsAndABadNodeIsReportedAlone() throws Exception {
        try (SimulatedSubstation sim = new SimulatedSubstation("SS-01", 5, freePort(), Duration.ofMillis(100), Clock.systemUTC())) {
            sim.start();
            String yaml = sim.mappingYaml()
                    + "  - {participant: P-009, meter: M-009, quantity: ACTIVE_POWER_KW, node: \"nsu=urn:greenex:sim;s=SS-01/M-009/P\"}\n"
                    + "  - {participant: P-010, meter: M-010, quantity: ACTIVE_POWER_KW, node: \"nsu=urn:nobody;s=SS-01/M-010/P\"}\n";
            SubstationMapping mapping = new MappingReader().read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "sim");
            assertThat(mapping.points()).hasSize(52);

            Map<String, Integer> goodValues = new ConcurrentHashMap<>();
            List<PointProblem> problems = new CopyOnWriteArrayList<>();
            Set<String> withTimestamps = ConcurrentHashMap.newKeySet();
            ReadingListener listener = new ReadingListener() {
                @Override
                public void onValue(PointMapping point, Instant sourceTime, Instant serverTime, BigDecimal value, long statusCode) {
                    if (statusCode == 0 && value != null) {
                        goodValues.merge(point.node(), 1, Integer::sum);
                    }
                    if (sourceTime != null && serverTime != null) {
                        withTimestamps.add(point.node());
                    }
                }

                @Override
                public void onPointProblem(PointProblem problem) {
                    problems.add(problem);
                }
            };
            try (SubstationConnection connection = new SubstationConnection(mapping, Duration.ofMillis(50), Duration.ofMillis(100), listener)) {
                List<PointProblem> refused = connection.connect();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (System.nanoTime() < deadline && (goodValues.size() < 50 || socNotifications(goodValues) < 5 * 3)) {
                    Thread.sleep(100);
                }
                assertThat(refused).extracting(PointProblem::participant).containsExactlyInAnyOrder("P-009", "P-010");
                assertThat(refused).filteredOn(p -> p.participant().equals("P-010")).singleElement()
                        .extracting(PointProblem::reason).isEqualTo("the server has no namespace nsu=urn:nobody");
                assertThat(refused).filteredOn(p -> p.participant().equals("P-009")).singleElement()
                        .extracting(PointProblem::reason).asString().contains("Bad_NodeIdUnknown");
            }
            // OPC UA notifies on change: every point's first value, then the SOCs as the batteries work
            // (meters may stand still while a battery takes the whole surplus).
            assertThat(goodValues).hasSize(50);
            assertThat(goodValues).allSatisfy((node, n) -> {
                if (node.endsWith("/SOC")) {
                    assertThat(n).as(node).isGreaterThanOrEqualTo(3);
                }
            });
            assertThat(withTimestamps).hasSize(50);
            assertThat(problems).hasSize(2);
        }
    }

    private static int socNotifications(Map<String, Integer> goodValues) {
        return goodValues.entrySet().stream().filter(e -> e.getKey().endsWith("/SOC")).mapToInt(e -> Math.min(e.getValue(), 3)).sum();
    }

    @Test
    void afterTheServerRestartsTheSubscriptionIsMadeAnewAndValuesFlowAgain() throws Exception {
        int port = freePort();
        Map<String, Integer> values = new ConcurrentHashMap<>();
        ReadingListener listener = new ReadingListener() {
            @Override
            public void onValue(PointMapping point, Instant sourceTime, Instant serverTime, BigDecimal value, long statusCode) {
                if (statusCode == 0) {
                    values.merge(point.node(), 1, Integer::sum);
                }
            }

            @Override
            public void onPointProblem(PointProblem problem) {
            }
        };
        SimulatedSubstation first = new SimulatedSubstation("SS-02", 2, port, Duration.ofMillis(100), Clock.systemUTC());
        first.start();
        SubstationMapping mapping = new MappingReader().read(
                new ByteArrayInputStream(first.mappingYaml().getBytes(StandardCharsets.UTF_8)), "sim");
        try (SubstationConnection connection = new SubstationConnection(mapping, Duration.ofMillis(50), Duration.ofMillis(100), listener)) {
            assertThat(connection.connect()).isEmpty();
            waitUntil(() -> values.getOrDefault("nsu=urn:greenex:sim;s=SS-02/B-001/SOC", 0) >= 3);
            assertThat(connection.connected()).isTrue();

            first.close();
            waitUntil(() -> !connection.connected());
            int before = values.getOrDefault("nsu=urn:greenex:sim;s=SS-02/B-001/SOC", 0);
            try (SimulatedSubstation second = new SimulatedSubstation("SS-02", 2, port, Duration.ofMillis(100), Clock.systemUTC())) {
                second.start();
                waitUntil(() -> values.getOrDefault("nsu=urn:greenex:sim;s=SS-02/B-001/SOC", 0) >= before + 5);
                assertThat(connection.resubscriptions()).isGreaterThanOrEqualTo(1);
                assertThat(connection.connected()).isTrue();
            }
        }
    }

    @Test
    void aTimeScaleRunsTheProsumersDayFaster() throws Exception {
        Map<String, BigDecimal> first = new ConcurrentHashMap<>();
        Map<String, BigDecimal> last = new ConcurrentHashMap<>();
        List<SubstationConnection> connections = new CopyOnWriteArrayList<>();
        try (SimulatedSubstation normal = new SimulatedSubstation("SS-03", 1, freePort(), Duration.ofMillis(100), Clock.systemUTC());
             SimulatedSubstation fast = new SimulatedSubstation("SS-04", 1, freePort(), Duration.ofMillis(100), Clock.systemUTC()).timeScale(90)) {
            normal.start();
            fast.start();
            for (SimulatedSubstation sim : List.of(normal, fast)) {
                SubstationMapping mapping = new MappingReader().read(new ByteArrayInputStream(sim.mappingYaml().getBytes(StandardCharsets.UTF_8)), "sim");
                SubstationConnection c = new SubstationConnection(mapping, Duration.ofMillis(50), Duration.ofMillis(100), new ReadingListener() {
                    @Override
                    public void onValue(PointMapping point, Instant sourceTime, Instant serverTime, BigDecimal value, long statusCode) {
                        first.putIfAbsent(point.node(), value);
                        last.put(point.node(), value);
                    }

                    @Override
                    public void onPointProblem(PointProblem problem) {
                    }
                });
                connections.add(c);
                c.connect();
            }
            Thread.sleep(3000);
            // Energy moved through the meter (imported plus exported) in the same 3 s of wall time.
            BigDecimal slow = moved(first, last, "SS-03");
            BigDecimal quick = moved(first, last, "SS-04");
            assertThat(slow).isPositive();
            assertThat(quick).isGreaterThan(slow.multiply(BigDecimal.valueOf(30)));
        } finally {
            for (SubstationConnection c : connections) {
                c.close();
            }
        }
    }

    private static BigDecimal moved(Map<String, BigDecimal> first, Map<String, BigDecimal> last, String substation) {
        return last.entrySet().stream().filter(e -> e.getKey().contains(substation + "/M-001/Import") || e.getKey().contains(substation + "/M-001/Export"))
                .map(e -> e.getValue().subtract(first.get(e.getKey()))).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within 60 s");
            }
            Thread.sleep(50);
        }
    }
}
