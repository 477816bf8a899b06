package com.greenex.rules;

import com.greenex.market.Battery;
import com.greenex.market.Interval;
import com.greenex.market.MarketEngine;
import com.greenex.market.MarketResult;
import com.greenex.market.Participant;
import com.greenex.market.Side;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's storage-first dispatch always passes the rules' check, to the last energy unit: one
 * energy resolution for both (1 mWh), batteries near SOC 0 % and 100 %, with and without limits.
 */
class StorageFirstPropertiesTest {

    private static final MarketRules RULES = MarketRules.load();
    private static final MarketEngine ENGINE = new MarketEngine();

    @Property(tries = 300)
    void theEnginesDispatchHasNoStorageFirstViolation(@ForAll("participants") @Size(min = 1, max = 12) List<Participant> ps) {
        List<Participant> unique = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            Participant p = ps.get(i);
            unique.add(new Participant("P" + i, p.side(), p.energyKwh(), p.battery(), null));
        }
        Interval interval = new Interval("prop", new BigDecimal("0.40"), new BigDecimal("1.10"), new BigDecimal("0.01"), unique);
        MarketResult result = ENGINE.clear(interval);
        List<Dispatch> dispatch = Dispatches.of("prop", interval, result);
        IntervalVerdict v = RULES.checkInterval(new IntervalFacts(List.of(), List.of(), List.of(), List.of(), dispatch));
        assertThat(v.violations()).isEmpty();
    }

    @Property(tries = 300)
    void aBatteryNeverHasRoomLeftAfterTheGridWasUsed(@ForAll("batteries") Battery b, @ForAll @IntRange(min = 1, max = 20_000_000) int micro,
                                                     @ForAll boolean seller) {
        Side side = seller ? Side.SELL : Side.BUY;
        BigDecimal energy = BigDecimal.valueOf(micro, 6);
        Interval interval = new Interval("one", new BigDecimal("0.40"), new BigDecimal("1.10"), new BigDecimal("0.01"),
                List.of(new Participant("P", side, energy, b, null)));
        Dispatch d = Dispatches.of("one", interval, ENGINE.clear(interval)).getFirst();
        if (d.usesGrid()) {
            assertThat(d.batteryLeftKwh()).isZero();
        }
        assertThat(d.socAfterWithinLimits()).isTrue();
    }

    @Provide
    Arbitrary<List<Participant>> participants() {
        Arbitrary<Participant> p = Combinators.combine(Arbitraries.of(Side.values()), Arbitraries.integers().between(1, 20_000_000),
                batteries().injectNull(0.3)).as((side, micro, battery) -> new Participant("x", side, BigDecimal.valueOf(micro, 6), battery, null));
        return p.list();
    }

    /** Capacities of a few Wh to 60 kWh, SOC crowding 0 % and 100 % (to 10^-6 %), with and without limits. */
    @Provide
    Arbitrary<Battery> batteries() {
        Arbitrary<BigDecimal> capacity = Arbitraries.integers().between(1, 60_000).map(w -> BigDecimal.valueOf(w, 3));
        Arbitrary<BigDecimal> soc = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 1000).map(u -> BigDecimal.valueOf(u, 6)),
                Arbitraries.integers().between(0, 1000).map(u -> BigDecimal.valueOf(100_000_000L - u, 6)),
                Arbitraries.integers().between(0, 100_000_000).map(u -> BigDecimal.valueOf(u, 6)));
        Arbitrary<BigDecimal> limit = Arbitraries.integers().between(0, 20_000_000).map(u -> BigDecimal.valueOf(u, 6)).injectNull(0.5);
        Arbitrary<BigDecimal> efficiency = Arbitraries.of(BigDecimal.ONE, new BigDecimal("0.9"), new BigDecimal("0.85"), new BigDecimal("0.95"));
        Arbitrary<Integer> floor = Arbitraries.of(0, 5, 10);
        Arbitrary<Integer> ceiling = Arbitraries.of(100, 95, 90);
        return Combinators.combine(capacity, soc, floor, ceiling, limit, limit, efficiency)
                .as((c, s, lo, hi, ch, dis, eff) -> new Battery(c, s, BigDecimal.valueOf(lo), BigDecimal.valueOf(hi), ch, dis, eff));
    }
}
