package com.greenex.portal.market;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the readings' sums lay their buckets, and which windows they cover. */
class SumGridTest {

    private static final Instant NOON = Instant.parse("2026-12-04T12:00:00Z");

    @Test
    void aQuarterHourMarketGetsBucketsFromItsGateClosures() {
        // Intervals every 15 minutes from the hour, gates 5 minutes before: windows [xx:40, xx:55), [xx:55, xx:10), ...
        GatePositions.SumGrid grid = GatePositions.gridFor(Duration.ofMinutes(15), Duration.ofMinutes(5));
        assertThat(grid.width()).isEqualTo(Duration.ofMinutes(15));
        assertThat(Duration.between(grid.origin(), NOON.minus(Duration.ofMinutes(5))).toSeconds() % 900).isZero();
        GatePositions.SumGrid laid = new GatePositions.SumGrid(grid.width(), grid.origin(), NOON.minus(Duration.ofHours(1)));
        Instant gate = NOON.minus(Duration.ofMinutes(5));
        assertThat(laid.buckets(gate.minus(Duration.ofMinutes(15)), gate)).isEqualTo(1);
        assertThat(laid.buckets(gate.minus(Duration.ofMinutes(45)), gate)).isEqualTo(3);
        assertThat(laid.buckets(NOON.minus(Duration.ofMinutes(15)), NOON)).as("off the grid by the gate lead").isZero();
        assertThat(laid.buckets(gate.minus(Duration.ofMinutes(10)), gate)).as("part of a bucket").isZero();
        assertThat(laid.buckets(gate, gate)).as("an empty window").isZero();
    }

    @Test
    void aWindowBeforeTheGridWasLaidIsReadFromTheReadings() {
        Instant gate = NOON.minus(Duration.ofMinutes(5));
        GatePositions.SumGrid grid = GatePositions.gridFor(Duration.ofMinutes(15), Duration.ofMinutes(5));
        assertThat(new GatePositions.SumGrid(grid.width(), grid.origin(), gate.minus(Duration.ofMinutes(14))).buckets(gate.minus(Duration.ofMinutes(15)), gate))
                .isZero();
        assertThat(grid.buckets(gate.minus(Duration.ofMinutes(15)), gate)).as("a grid not yet laid covers nothing").isZero();
    }

    @Test
    void intervalsShorterThanFiveMinutesKeepFiveMinuteBucketsAndReadTheReadings() {
        GatePositions.SumGrid grid = GatePositions.gridFor(Duration.ofSeconds(10), Duration.ofSeconds(4));
        assertThat(grid.width()).isEqualTo(Duration.ofMinutes(5));
        GatePositions.SumGrid laid = new GatePositions.SumGrid(grid.width(), grid.origin(), NOON.minus(Duration.ofHours(1)));
        assertThat(laid.buckets(NOON.minusSeconds(14), NOON.minusSeconds(4))).isZero();
    }

    @Test
    void anHourlyMarketWithAGateLeadOfSevenAndAHalfMinutes() {
        GatePositions.SumGrid grid = GatePositions.gridFor(Duration.ofHours(1), Duration.ofSeconds(450));
        GatePositions.SumGrid laid = new GatePositions.SumGrid(grid.width(), grid.origin(), NOON.minus(Duration.ofDays(1)));
        Instant gate = NOON.minusSeconds(450);
        assertThat(laid.buckets(gate.minus(Duration.ofHours(1)), gate)).isEqualTo(1);
        assertThat(laid.buckets(NOON.minus(Duration.ofHours(1)), NOON)).isZero();
    }
}
