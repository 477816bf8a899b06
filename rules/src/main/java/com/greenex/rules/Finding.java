package com.greenex.rules;

import java.util.Objects;

/**
 * What one rule decided about one subject, and why, in words a regulator can read.
 *
 * @param topic   which policy: market entry, delisting, role, quote or dispatch
 * @param subject the participant (or participant@interval) the finding is about
 * @param rule    the name of the rule that made it, as in the DRL file
 * @param outcome pass or fail
 * @param reason  a sentence with the numbers that made the rule fire
 */
public record Finding(Topic topic, String subject, String rule, Outcome outcome, String reason) {

    public enum Topic {
        ENTRY,
        DELISTING,
        ROLE,
        QUOTE,
        DISPATCH,
        /** What was delivered against the schedule (a battery and its setpoint). */
        DELIVERY
    }

    public enum Outcome {
        /** The rule's condition holds (admitted check passed, quote valid, dispatch in order). */
        PASS,
        /** The rule rejects, delists or reports a violation. */
        FAIL
    }

    public Finding {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
    }

    public boolean failed() {
        return outcome == Outcome.FAIL;
    }

    @Override
    public String toString() {
        return outcome + " " + topic + " " + rule + " [" + subject + "]: " + reason;
    }
}
