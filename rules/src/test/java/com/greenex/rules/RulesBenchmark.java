package com.greenex.rules;

import com.greenex.market.Side;
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
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Rule evaluation for one interval: every participant with its standing, net position (roles), one
 * quote and one dispatch (storage first), against one price grid. Warm; all cores of the machine (the
 * interval is judged in partitions by participant); Parallel GC with a young generation large enough
 * for one interval's facts.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms8g", "-Xmx8g", "-Xmn5g", "-XX:+UseParallelGC"})
@Warmup(iterations = 5, time = 5)
@Measurement(iterations = 5, time = 5)
public class RulesBenchmark {

    @Param({"10000", "100000"})
    int participants;

    /** FAILURES as an interval is cleared; ALL with every PASS finding's sentence, as a verdict is explained. */
    @Param({"FAILURES", "ALL"})
    MarketRules.Detail detail;

    MarketRules rules;
    IntervalFacts facts;

    @Setup
    public void setUp() {
        rules = MarketRules.load();
        facts = facts(participants, 3);
        IntervalVerdict v = rules.checkInterval(facts, detail);
        if (v.roles().size() < participants * 9 / 10) {
            throw new IllegalStateException("benchmark facts gave only " + v.roles().size() + " roles");
        }
    }

    static IntervalFacts facts(int n, long seed) {
        String interval = "I-1";
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Standing> standings = new ArrayList<>(n);
        List<NetPosition> positions = new ArrayList<>(n);
        List<Quote> quotes = new ArrayList<>(n);
        List<Dispatch> dispatches = new ArrayList<>(n);
        BigDecimal fifty = BigDecimal.valueOf(50);
        for (int i = 0; i < n; i++) {
            String id = "P" + i;
            standings.add(new Standing(id, Standing.Status.ADMITTED));
            BigDecimal gen = BigDecimal.valueOf(rnd.nextInt(0, 10_000), 3);
            BigDecimal use = BigDecimal.valueOf(rnd.nextInt(0, 10_000), 3);
            positions.add(new NetPosition(interval, id, gen, use));
            Side side = gen.compareTo(use) > 0 ? Side.SELL : Side.BUY;
            quotes.add(new Quote(interval, id, side, BigDecimal.valueOf(40 + rnd.nextInt(71), 2)));
            BigDecimal energy = gen.subtract(use).abs().max(BigDecimal.ONE);
            dispatches.add(new Dispatch(interval, id, side, energy, energy, BigDecimal.ZERO, BigDecimal.ZERO,
                    new com.greenex.market.Battery(fifty, BigDecimal.valueOf(rnd.nextInt(101)))));
        }
        PriceGrid grid = new PriceGrid(interval, new BigDecimal("0.40"), new BigDecimal("1.10"), new BigDecimal("0.01"));
        return new IntervalFacts(standings, positions, List.of(grid), quotes, dispatches);
    }

    @Benchmark
    public IntervalVerdict checkInterval() {
        return rules.checkInterval(facts, detail);
    }
}
