package com.greenex.scada.client;

import com.greenex.scada.mapping.MappingReader;
import com.greenex.scada.mapping.PointMapping;
import com.greenex.scada.mapping.PointProblem;
import com.greenex.scada.mapping.Quantity;
import com.greenex.scada.mapping.SubstationMapping;
import com.greenex.scada.sim.SimulatedSubstation;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Battery setpoints written over OPC UA to the simulated substation (a real Milo server on 127.0.0.1), followed, refused, timed out. */
class SetpointIT {

    private static final ReadingListener IGNORE = new ReadingListener() {
        @Override
        public void onValue(PointMapping point, Instant sourceTime, Instant serverTime, BigDecimal value, long statusCode) {
        }

        @Override
        public void onPointProblem(PointProblem problem) {
        }
    };

    private static PointMapping point(SubstationMapping m, String participant, Quantity q) {
        return m.points().stream().filter(p -> p.participant().equals(participant) && p.quantity() == q).findFirst().orElseThrow();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("waited 10 s for " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void aSetpointIsWrittenReadBackAndFollowedUntilTheWatchdogThenTheBatteryServesItsHouseholdAgain() throws Exception {
        try (SimulatedSubstation sim = new SimulatedSubstation("SS-11", 2, SimulatedSubstationIT.freePort(), Duration.ofMillis(100), Clock.systemUTC())
                .timeScale(90).setpointWatchdog(Duration.ofSeconds(2))) {
            sim.start();
            SubstationMapping m = new MappingReader().read(new ByteArrayInputStream(sim.mappingYaml().getBytes(StandardCharsets.UTF_8)), "SS-11");
            try (SubstationConnection c = new SubstationConnection(m, Duration.ofMillis(50), Duration.ofMillis(100), IGNORE)) {
                c.connect();
                double socBefore = sim.socPercent(1);
                List<SubstationConnection.SetpointResult> r = c.write(List.of(
                        new SubstationConnection.Setpoint(point(m, "P-001", Quantity.BATTERY_SETPOINT_KW), new BigDecimal("1.5"))));

                assertThat(r).singleElement().satisfies(x -> {
                    assertThat(x.written()).as(x.detail()).isTrue();
                    assertThat(x.readBack()).isEqualByComparingTo("1.5");
                });
                await("the battery to follow", () -> sim.following(1));
                assertThat(sim.batteryKw(1)).as("charging at the setpoint").isEqualTo(1.5);
                await("its SOC to rise", () -> sim.socPercent(1) > socBefore + 0.01);

                // No new setpoint for the watchdog time: back to self-consumption.
                await("the watchdog", () -> !sim.following(1));
                assertThat(sim.following(2)).as("a battery never given a setpoint serves its household").isFalse();
            }
        }
    }

    @Test
    void aNodeThatRefusesTheWriteIsNamedAndTheOthersAreStillWritten() throws Exception {
        try (SimulatedSubstation sim = new SimulatedSubstation("SS-12", 2, SimulatedSubstationIT.freePort(), Duration.ofMillis(100), Clock.systemUTC())) {
            sim.start();
            // P-002's setpoint mapped by mistake to its read-only SOC node (and its SOC not mapped).
            String yaml = sim.mappingYaml().lines().filter(l -> !l.contains("s=SS-12/B-002/SOC"))
                    .map(l -> l.replace("s=SS-12/B-002/Setpoint", "s=SS-12/B-002/SOC")).collect(java.util.stream.Collectors.joining("\n", "", "\n"));
            SubstationMapping m = new MappingReader().read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "SS-12");
            try (SubstationConnection c = new SubstationConnection(m, Duration.ofMillis(50), Duration.ofMillis(100), IGNORE)) {
                c.connect();
                List<SubstationConnection.SetpointResult> r = c.write(List.of(
                        new SubstationConnection.Setpoint(point(m, "P-001", Quantity.BATTERY_SETPOINT_KW), new BigDecimal("-2")),
                        new SubstationConnection.Setpoint(point(m, "P-002", Quantity.BATTERY_SETPOINT_KW), new BigDecimal("1"))));

                assertThat(r.get(0).written()).isTrue();
                assertThat(r.get(1).written()).isFalse();
                assertThat(r.get(1).detail()).startsWith("the server refused the write").containsAnyOf("Bad_NotWritable", "Bad_UserAccessDenied");
                await("P-001 to discharge", () -> sim.following(1) && sim.batteryKw(1) < 0);
            }
        }
    }

    @Test
    void withoutAConnectionEverySetpointSaysSo() {
        SubstationMapping m = new MappingReader().read(new ByteArrayInputStream("""
                substation: SS-13
                endpoint: opc.tcp://127.0.0.1:1/none
                security: {policy: None}
                points:
                  - {participant: P-001, battery: B-001, quantity: BATTERY_SETPOINT_KW, node: "ns=2;s=x"}
                """.getBytes(StandardCharsets.UTF_8)), "SS-13");
        SubstationConnection c = new SubstationConnection(m, Duration.ofMillis(50), Duration.ofMillis(100), IGNORE);
        assertThat(c.write(List.of(new SubstationConnection.Setpoint(m.points().getFirst(), BigDecimal.ONE))))
                .singleElement().satisfies(x -> assertThat(x.detail()).isEqualTo("not connected to opc.tcp://127.0.0.1:1/none"));
    }
}
