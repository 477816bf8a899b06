package com.greenex.rules;

import java.util.List;

/** The outcome of a market-entry review, with every rule's finding behind it. */
public record EntryDecision(String participantId, Outcome outcome, List<Finding> findings) {

    public enum Outcome {
        /** Every check passed and the regulator approved (rule AdmitEntry). */
        ADMITTED,
        /** Every check passed; the regulator has not decided yet (rule HoldEntryUntilRegulatorReview). */
        AWAITING_REVIEW,
        /** At least one check failed, or the regulator rejected. */
        REJECTED
    }

    public EntryDecision {
        findings = List.copyOf(findings);
    }

    public List<Finding> failures() {
        return findings.stream().filter(Finding::failed).toList();
    }
}
