package com.greenex.rules;

import java.util.List;

/** The roles the rules assigned in an interval, and every finding about roles, quotes and dispatch. */
public record IntervalVerdict(List<Role> roles, List<Finding> findings) {

    public IntervalVerdict {
        roles = List.copyOf(roles);
        findings = List.copyOf(findings);
    }

    public List<Finding> violations() {
        return findings.stream().filter(Finding::failed).toList();
    }

    public List<Finding> violations(Finding.Topic topic) {
        return findings.stream().filter(f -> f.failed() && f.topic() == topic).toList();
    }
}
