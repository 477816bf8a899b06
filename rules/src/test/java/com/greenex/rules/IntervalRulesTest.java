package com.greenex.rules;

import com.greenex.market.Side;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Roles and quotes in one interval. */
class IntervalRulesTest {

    static final String I = "2026-11-24T23:00+08:00";
    static final PriceGrid GRID = new PriceGrid(I, new BigDecimal("0.40"), new BigDecimal("1.10"), new BigDecimal("0.01"));
    static MarketRules rules;

    @BeforeAll
    static void load() {
        rules = MarketRules.load();
    }

    static Standing admitted(String id) {
        return new Standing(id, Standing.Status.ADMITTED);
    }

    static NetPosition position(String id, String generation, String consumption) {
        return new NetPosition(I, id, new BigDecimal(generation), new BigDecimal(consumption));
    }

    static IntervalVerdict check(List<Standing> standings, List<NetPosition> positions, List<Quote> quotes) {
        return rules.checkInterval(new IntervalFacts(standings, positions, List.of(GRID), quotes, List.of()));
    }

    @Nested
    class Roles {

        @Test
        void surplusMakesASeller() {
            IntervalVerdict v = check(List.of(admitted("A")), List.of(position("A", "7.5", "2")), List.of());

            assertThat(v.roles()).containsExactly(new Role(I, "A", Side.SELL, new BigDecimal("5.5")));
            assertThat(v.findings()).singleElement().satisfies(f -> {
                assertThat(f.rule()).isEqualTo("AssignSellerRole");
                assertThat(f.reason()).isEqualTo("generation 7.5 kWh exceeds consumption 2 kWh: sells a surplus of 5.5 kWh");
            });
        }

        @Test
        void deficitMakesABuyer() {
            IntervalVerdict v = check(List.of(admitted("B")), List.of(position("B", "1", "4.25")), List.of());

            assertThat(v.roles()).containsExactly(new Role(I, "B", Side.BUY, new BigDecimal("3.25")));
        }

        @Test
        void aBalancedParticipantHasNoRole() {
            IntervalVerdict v = check(List.of(admitted("C")), List.of(position("C", "2.0", "2")), List.of());

            assertThat(v.roles()).isEmpty();
            assertThat(v.findings()).extracting(Finding::rule).containsExactly("NoRoleWhenBalanced");
        }

        @Test
        void twoPositionsInOneIntervalGiveNoRoleAndAViolation() {
            IntervalVerdict v = check(List.of(admitted("D")), List.of(position("D", "5", "1"), position("D", "0", "3")), List.of());

            assertThat(v.roles()).isEmpty();
            assertThat(v.violations()).extracting(Finding::rule).containsOnly("RejectSecondPositionInAnInterval").isNotEmpty();
        }

        @Test
        void aDelistedParticipantCannotTrade() {
            IntervalVerdict v = check(List.of(new Standing("E", Standing.Status.DELISTED)), List.of(position("E", "5", "1")), List.of());

            assertThat(v.roles()).isEmpty();
            assertThat(v.violations()).extracting(Finding::rule).containsExactly("RejectTradingWhenNotAdmitted");
        }
    }

    @Nested
    class Quotes {

        private IntervalVerdict quote(String id, Side side, String price, Standing standing, NetPosition position) {
            return check(List.of(standing), List.of(position), List.of(new Quote(I, id, side, new BigDecimal(price))));
        }

        @Test
        void aQuoteForAnIntervalWhoseGateClosedIsRefusedByName() {
            java.time.Instant gate = java.time.Instant.parse("2026-11-24T09:55:00Z");
            IntervalVerdict v = rules.checkInterval(new IntervalFacts(List.of(admitted("A")), List.of(position("A", "5", "1")), List.of(GRID),
                    List.of(new Quote(I, "A", Side.SELL, new BigDecimal("0.64"))), List.of(), List.of(new GateClosed(I, gate))));

            assertThat(v.violations()).singleElement().satisfies(f -> {
                assertThat(f.rule()).isEqualTo("RejectQuoteAfterGateClosure");
                assertThat(f.reason()).isEqualTo("the gate of the interval closed at " + gate + ": its terms can no longer change");
            });
        }

        @Test
        void aValidQuoteIsAccepted() {
            IntervalVerdict v = quote("A", Side.SELL, "0.64", admitted("A"), position("A", "5", "1"));

            assertThat(v.violations()).isEmpty();
            assertThat(v.findings()).extracting(Finding::rule).contains("AcceptQuote");
        }

        @Test
        void aQuoteAboveTheRetailPriceIsRejected() {
            IntervalVerdict v = quote("A", Side.SELL, "1.11", admitted("A"), position("A", "5", "1"));

            assertThat(v.violations()).extracting(Finding::rule, Finding::reason).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("RejectQuoteOutsideGridPrices", "quote 1.11 is outside the grid prices [0.40, 1.10]"));
        }

        @Test
        void aQuoteOffTheTickIsRejected() {
            IntervalVerdict v = quote("A", Side.SELL, "0.645", admitted("A"), position("A", "5", "1"));

            assertThat(v.violations()).extracting(Finding::rule).containsExactly("RejectQuoteOffTheTick");
        }

        @Test
        void aQuoteInTheWrongRoleIsRejected() {
            IntervalVerdict v = quote("A", Side.BUY, "0.64", admitted("A"), position("A", "5", "1"));

            assertThat(v.violations()).extracting(Finding::rule, Finding::reason).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("RejectQuoteInTheWrongRole", "quotes as BUY but is a seller in this interval"));
            assertThat(v.findings()).extracting(Finding::rule).doesNotContain("AcceptQuote");
        }

        @Test
        void aQuoteFromAParticipantNotAdmittedIsRejected() {
            IntervalVerdict v = quote("A", Side.SELL, "0.64", new Standing("A", Standing.Status.APPLIED), position("A", "5", "1"));

            assertThat(v.violations(Finding.Topic.QUOTE)).extracting(Finding::rule)
                    .containsExactlyInAnyOrder("RejectQuoteFromParticipantNotAdmitted", "RejectQuoteWithoutRole");
        }

        @Test
        void aQuoteWithoutGridPricesIsRejected() {
            IntervalVerdict v = rules.checkInterval(new IntervalFacts(List.of(admitted("A")), List.of(position("A", "5", "1")),
                    List.of(), List.of(new Quote(I, "A", Side.SELL, new BigDecimal("0.5"))), List.of()));

            assertThat(v.violations()).extracting(Finding::rule).containsExactly("RejectQuoteWithoutPriceGrid");
        }
    }
}
