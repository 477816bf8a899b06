package com.greenex.market.bench;

import com.greenex.market.Battery;
import com.greenex.market.Interval;
import com.greenex.market.Participant;
import com.greenex.market.Side;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded, realistic intervals for benchmarks: surpluses and deficits of 0.1 to 10 kWh in whole
 * watt-hours, 70 % of participants with a 5 to 60 kWh battery at any SOC, the paper's grid prices.
 */
public final class RandomIntervals {

    private RandomIntervals() {
    }

    public static Interval interval(int sellers, int buyers, long seed) {
        return interval(sellers, buyers, seed, new BigDecimal("0.01"));
    }

    /** With another price tick: a finer tick means fewer participants per price and a longer game. */
    public static Interval interval(int sellers, int buyers, long seed, BigDecimal tick) {
        return interval(sellers, buyers, seed, tick, false);
    }

    /**
     * @param statedPrices every participant states a reservation price drawn uniformly from the
     *                     tick grid, instead of deriving it from its SOC: many distinct quotes, the
     *                     hardest case for the game
     */
    public static Interval interval(int sellers, int buyers, long seed, BigDecimal tick, boolean statedPrices) {
        BigDecimal feedIn = new BigDecimal("0.40");
        int ticks = new BigDecimal("1.10").subtract(feedIn).divide(tick).intValueExact();
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Participant> ps = new ArrayList<>(sellers + buyers);
        for (int i = 0; i < sellers + buyers; i++) {
            Side side = i < sellers ? Side.SELL : Side.BUY;
            BigDecimal energy = BigDecimal.valueOf(rnd.nextInt(100, 10_001), 3);
            Battery battery = rnd.nextInt(10) < 7
                    ? new Battery(BigDecimal.valueOf(rnd.nextInt(5, 61)), BigDecimal.valueOf(rnd.nextInt(0, 101)))
                    : null;
            BigDecimal reservation = statedPrices ? feedIn.add(tick.multiply(BigDecimal.valueOf(rnd.nextInt(ticks + 1)))) : null;
            ps.add(new Participant(String.format("%s%07d", side == Side.SELL ? "S" : "B", i), side, energy, battery, reservation));
        }
        return new Interval("bench", feedIn, new BigDecimal("1.10"), tick, ps);
    }
}
