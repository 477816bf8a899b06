package com.greenex.rules;

import com.greenex.rules.EntryApplication.Review;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Market entry: one scenario per rule, and a table of applications as a regulator sees them. */
class MarketEntryRulesTest {

    /** From configuration in the product (greenex.rules.voltage-levels); here the test's own. */
    static final List<VoltageLevelLimit> LIMITS = List.of(
            new VoltageLevelLimit("0.4kV", new BigDecimal("50")),
            new VoltageLevelLimit("10kV", new BigDecimal("2000")));

    static MarketRules rules;

    @BeforeAll
    static void load() {
        rules = MarketRules.load();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            complete and approved          | M-1 | true  | true  | 8.5   | 0.4kV | APPROVED | ADMITTED        | -
            complete, not reviewed yet     | M-1 | true  | true  | 8.5   | 0.4kV | PENDING  | AWAITING_REVIEW | HoldEntryUntilRegulatorReview
            rejected by the regulator      | M-1 | true  | true  | 8.5   | 0.4kV | REJECTED | REJECTED        | RejectEntryRejectedByRegulator
            no meter                       | -   | false | true  | 8.5   | 0.4kV | APPROVED | REJECTED        | RejectEntryWithoutSmartMeter
            a meter that is not smart      | M-1 | false | true  | 8.5   | 0.4kV | APPROVED | REJECTED        | RejectEntryWithoutSmartMeter
            no trading client              | M-1 | true  | false | 8.5   | 0.4kV | APPROVED | REJECTED        | RejectEntryWithoutTradingClient
            no capacity                    | M-1 | true  | true  | -     | 0.4kV | APPROVED | REJECTED        | RejectEntryWithoutCapacity
            zero capacity                  | M-1 | true  | true  | 0     | 0.4kV | APPROVED | REJECTED        | RejectEntryWithoutCapacity
            no voltage level               | M-1 | true  | true  | 8.5   | -     | APPROVED | REJECTED        | RejectEntryWithoutVoltageLevel
            a voltage level not configured | M-1 | true  | true  | 8.5   | 35kV  | APPROVED | REJECTED        | RejectEntryAtUnconfiguredVoltageLevel
            above the limit at 0.4 kV      | M-1 | true  | true  | 50.01 | 0.4kV | APPROVED | REJECTED        | RejectEntryAboveCapacityLimit
            at the limit at 0.4 kV         | M-1 | true  | true  | 50    | 0.4kV | APPROVED | ADMITTED        | -
            large, at 10 kV                | M-1 | true  | true  | 1500  | 10kV  | APPROVED | ADMITTED        | -
            several things missing         | -   | false | false | -     | 0.4kV | PENDING  | REJECTED        | HoldEntryUntilRegulatorReview,RejectEntryWithoutCapacity,RejectEntryWithoutSmartMeter,RejectEntryWithoutTradingClient
            """)
    void entryApplications(String what, String meter, boolean smart, boolean client, BigDecimal capacity, String voltage,
                           Review review, EntryDecision.Outcome expected, String failedRules) {
        EntryDecision d = rules.reviewEntry(
                new EntryApplication("P-1", meter, smart, client, capacity, voltage, review, "checked on site"), LIMITS);

        assertThat(d.outcome()).as(what + ": " + d.findings()).isEqualTo(expected);
        List<String> failed = d.failures().stream().map(Finding::rule).sorted().toList();
        assertThat(failed).isEqualTo(failedRules == null ? List.of() : Arrays.asList(failedRules.split(",")));
        assertThat(d.findings()).allSatisfy(f -> {
            assertThat(f.topic()).isEqualTo(Finding.Topic.ENTRY);
            assertThat(f.subject()).isEqualTo("P-1");
            assertThat(f.reason()).isNotBlank();
        });
    }

    @Test
    void anAdmissionListsEveryCheckThatPassedWithItsReason() {
        EntryDecision d = rules.reviewEntry(
                new EntryApplication("P-7", "M-7", true, true, new BigDecimal("12"), "0.4kV", Review.APPROVED, "meter sealed"), LIMITS);

        assertThat(d.findings()).extracting(Finding::rule).containsExactlyInAnyOrder(
                "SmartMeterRegistered", "TradingClientInstalled", "CapacityWithinLimit", "AdmitEntry");
        assertThat(d.findings()).filteredOn(f -> f.rule().equals("CapacityWithinLimit")).singleElement()
                .extracting(Finding::reason).isEqualTo("capacity 12 kW is within the limit of 50 kW at 0.4kV");
        assertThat(d.findings()).filteredOn(f -> f.rule().equals("AdmitEntry")).singleElement()
                .extracting(Finding::reason).asString().endsWith("meter sealed");
    }

    @Test
    void aRejectionSaysWhatWasWrongInNumbers() {
        EntryDecision d = rules.reviewEntry(
                new EntryApplication("P-8", "M-8", true, true, new BigDecimal("75.5"), "0.4kV", Review.APPROVED, "ok"), LIMITS);

        assertThat(d.failures()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("RejectEntryAboveCapacityLimit");
            assertThat(f.reason()).isEqualTo("capacity 75.5 kW exceeds the limit of 50 kW at 0.4kV");
        });
    }
}
