package com.greenex.rules;

import com.greenex.market.Battery;
import com.greenex.market.Interval;
import com.greenex.market.MarketEngine;
import com.greenex.market.MarketResult;
import com.greenex.market.Participant;
import com.greenex.market.Side;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Storage first, grid last: the engine's dispatch passes; a wrong one is found. */
class StorageFirstRulesTest {

    static MarketRules rules;

    @BeforeAll
    static void load() {
        rules = MarketRules.load();
    }

    /** The paper's Table 3 with the counterparty, plus participants that fill their batteries and spill to the grid. */
    static Interval interval() {
        List<Participant> ps = new ArrayList<>();
        ps.add(new Participant("E", Side.SELL, new BigDecimal("12"), battery("86"), null));
        ps.add(new Participant("F", Side.SELL, new BigDecimal("13"), battery("66"), null));
        ps.add(new Participant("G", Side.SELL, new BigDecimal("1"), battery("52"), null));
        ps.add(new Participant("H", Side.SELL, new BigDecimal("3"), battery("100"), null));
        ps.add(new Participant("K", Side.SELL, new BigDecimal("40"), battery("90"), null));
        ps.add(Participant.of("L", Side.SELL, new BigDecimal("2.5")));
        ps.add(Participant.of("B1", Side.BUY, new BigDecimal("13")));
        ps.add(new Participant("B2", Side.BUY, new BigDecimal("9"), battery("4"), null));
        return new Interval("hour 24", new BigDecimal("0.40"), new BigDecimal("1.10"), new BigDecimal("0.01"), ps);
    }

    static Battery battery(String soc) {
        return new Battery(new BigDecimal("50"), new BigDecimal(soc));
    }

    static List<Dispatch> clearedDispatch(Interval interval) {
        MarketResult result = new MarketEngine().clear(interval);
        return Dispatches.of("I-24", interval, result);
    }

    @Test
    void aWholeClearedIntervalFromTheEngineHasNoViolation() {
        List<Dispatch> dispatch = clearedDispatch(interval());
        assertThat(dispatch).anySatisfy(d -> assertThat(d.gridKwh()).isPositive()); // the grid is really used

        IntervalVerdict v = rules.checkInterval(new IntervalFacts(List.of(), List.of(), List.of(), List.of(), dispatch));

        assertThat(v.violations()).isEmpty();
        assertThat(v.findings()).extracting(Finding::rule).containsOnly("StorageFirstRespected").hasSize(dispatch.size());
    }

    @Test
    void randomClearedIntervalsHaveNoViolationEither() {
        Random rnd = new Random(5);
        for (int run = 0; run < 50; run++) {
            List<Participant> ps = new ArrayList<>();
            for (int i = 0; i < 2 + rnd.nextInt(10); i++) {
                Battery b = rnd.nextBoolean() ? new Battery(BigDecimal.valueOf(5 + rnd.nextInt(40)), BigDecimal.valueOf(rnd.nextInt(101))) : null;
                ps.add(new Participant("P" + i, rnd.nextBoolean() ? Side.SELL : Side.BUY,
                        BigDecimal.valueOf(1 + rnd.nextInt(300), 1), b, null));
            }
            Interval interval = new Interval("r" + run, new BigDecimal("0.40"), new BigDecimal("1.10"), new BigDecimal("0.01"), ps);
            IntervalVerdict v = rules.checkInterval(new IntervalFacts(List.of(), List.of(), List.of(), List.of(), clearedDispatch(interval)));
            assertThat(v.violations()).as("run " + run).isEmpty();
        }
    }

    @Test
    void aSellerSpillingToTheGridWithRoomInItsBatteryIsAViolation() {
        List<Dispatch> dispatch = new ArrayList<>(clearedDispatch(interval()));
        // F charged 13 kWh into its battery (room: 17 kWh); move 5 of them to the grid, leaving 9 kWh of room.
        Dispatch f = dispatch.stream().filter(d -> d.participantId().equals("F")).findFirst().orElseThrow();
        Dispatch wrong = new Dispatch(f.intervalId(), "F", Side.SELL, f.energyKwh(), f.marketKwh(),
                f.batteryKwh().subtract(new BigDecimal("5")), f.gridKwh().add(new BigDecimal("5")), f.battery());
        dispatch.set(dispatch.indexOf(f), wrong);

        IntervalVerdict v = rules.checkInterval(new IntervalFacts(List.of(), List.of(), List.of(), List.of(), dispatch));

        assertThat(v.violations()).singleElement().satisfies(x -> {
            assertThat(x.rule()).isEqualTo("SellerChargesBatteryBeforeSellingToGrid");
            assertThat(x.subject()).isEqualTo("F@I-24");
            assertThat(x.reason()).isEqualTo("sold 5 kWh to the grid while its battery could still take 9 kWh");
        });
    }

    @Test
    void aBuyerBuyingFromTheGridWithEnergyInItsBatteryIsAViolation() {
        Dispatch d = new Dispatch("I", "B", Side.BUY, new BigDecimal("10"), new BigDecimal("4"), BigDecimal.ZERO,
                new BigDecimal("6"), new Battery(new BigDecimal("20"), new BigDecimal("50")));

        IntervalVerdict v = rules.checkInterval(new IntervalFacts(List.of(), List.of(), List.of(), List.of(), List.of(d)));

        assertThat(v.violations()).extracting(Finding::rule).containsExactly("BuyerDischargesBatteryBeforeBuyingFromGrid");
    }

    @Test
    void energyThatIsNotAccountedForIsAViolation() {
        Dispatch d = new Dispatch("I", "S", Side.SELL, new BigDecimal("10"), new BigDecimal("4"), BigDecimal.ZERO,
                new BigDecimal("5"), null);

        IntervalVerdict v = rules.checkInterval(new IntervalFacts(List.of(), List.of(), List.of(), List.of(), List.of(d)));

        assertThat(v.violations()).extracting(Finding::reason)
                .containsExactly("market 4 + battery 0 + grid 5 kWh = 9 kWh, not the 10 kWh surplus");
    }

    @Test
    void chargingPastTheSocLimitIsAViolation() {
        Dispatch d = new Dispatch("I", "S", Side.SELL, new BigDecimal("10"), BigDecimal.ZERO, new BigDecimal("10"),
                BigDecimal.ZERO, new Battery(new BigDecimal("20"), new BigDecimal("70"), new BigDecimal("10"), new BigDecimal("90"), null, null,
                BigDecimal.ONE));

        IntervalVerdict v = rules.checkInterval(new IntervalFacts(List.of(), List.of(), List.of(), List.of(), List.of(d)));

        assertThat(v.violations()).extracting(Finding::rule, Finding::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("BatteryStaysWithinSocLimits", "SOC after 120 % is outside the limits [10, 90] %"));
    }

    @Test
    void negativeEnergyInADispatchIsAViolation() {
        Dispatch d = new Dispatch("I", "S", Side.SELL, new BigDecimal("2"), new BigDecimal("3"), BigDecimal.ZERO,
                new BigDecimal("-1"), null);

        IntervalVerdict v = rules.checkInterval(new IntervalFacts(List.of(), List.of(), List.of(), List.of(), List.of(d)));

        assertThat(v.violations()).extracting(Finding::rule).containsExactly("RejectNegativeDispatch");
    }

    @Test
    void batteryEnergyWithoutABatteryIsAViolation() {
        Dispatch d = new Dispatch("I", "S", Side.SELL, new BigDecimal("2"), BigDecimal.ONE, BigDecimal.ONE,
                BigDecimal.ZERO, null);

        IntervalVerdict v = rules.checkInterval(new IntervalFacts(List.of(), List.of(), List.of(), List.of(), List.of(d)));

        assertThat(v.violations()).extracting(Finding::rule, Finding::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("BatteryUseWithoutABattery", "1 kWh put through a battery the participant does not have"));
    }
}
