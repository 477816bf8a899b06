package com.greenex.market.bench;

import com.greenex.market.Interval;
import com.greenex.market.MarketEngine;
import com.greenex.market.MarketResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;

/**
 * The full solve of one interval through the public API: reservation prices, market type, the
 * game to a verified equilibrium, storage and grid dispatch, the exact result. {@code participants}
 * compete; 40 % as many stand on the short side. {@code statedPrices}: everyone states a reservation
 * price drawn from a 0.0001 tick grid (7,001 ticks), the hardest case for the game; otherwise
 * prices follow SOC on the paper's 0.01 grid.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-XX:ActiveProcessorCount=1"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class SolveBenchmark {

    @Param({"1000", "10000", "100000", "1000000"})
    int participants;

    @Param({"false", "true"})
    boolean statedPrices;

    Interval interval;
    final MarketEngine engine = new MarketEngine();

    @Setup
    public void setUp() {
        BigDecimal tick = new BigDecimal(statedPrices ? "0.0001" : "0.01");
        interval = RandomIntervals.interval(participants, participants * 2 / 5, 17, tick, statedPrices);
        MarketResult probe = engine.clear(interval);
        if (!probe.equilibriumVerified()) {
            throw new IllegalStateException("benchmark interval did not reach a verified equilibrium: " + probe.equilibrium());
        }
    }

    @Benchmark
    public MarketResult solve() {
        return engine.clear(interval);
    }
}
