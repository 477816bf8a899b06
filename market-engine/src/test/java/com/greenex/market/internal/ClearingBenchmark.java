package com.greenex.market.internal;

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

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One clearing pass (re-sort by quote with ties by rank, then serve and price) against the
 * yardstick of the issue, a primitive sort of the same quotes; and one full equilibrium check.
 * Quotes on the paper's 71-tick grid, energies 0.1-10 kWh, demand 40 % of supply.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-XX:ActiveProcessorCount=1"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ClearingBenchmark {

    @Param({"1000", "10000", "100000", "1000000"})
    int participants;

    Game game;
    int[] quotes;

    @Setup
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(11);
        long[] energy = new long[participants];
        int[] reservation = new int[participants];
        int[] ties = new int[participants];
        long total = 0;
        for (int i = 0; i < participants; i++) {
            energy[i] = rnd.nextLong(100_000, 10_000_001);
            reservation[i] = rnd.nextInt(71);
            ties[i] = i;
            total += energy[i];
        }
        game = new Game(energy, reservation, 70, total * 2 / 5, ties);
        game.clear();
        quotes = reservation.clone();
    }

    @Benchmark
    public int primitiveSortOfTheQuotes() {
        int[] q = quotes.clone();
        Arrays.sort(q);
        return q[q.length / 2];
    }

    @Benchmark
    public int clearingPass() {
        game.sortByQuote();
        game.clear();
        return game.price;
    }

    @Benchmark
    public int equilibriumCheck() {
        return EquilibriumCheck.scan(game).gainers();
    }
}
