package com.greenex.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the interval rules (roles, quotes, storage first) put their PASS findings: the session's
 * global {@code passes}. Only a failure is a fact other rules match on ("not Finding( ... FAIL )"), so
 * a pass is collected beside the session, not inserted into it, and only when it is wanted: a market
 * that clears 100,000 participants needs their roles and their failures, not 300,000 sentences
 * saying that everything else was in order (about two thirds of the rules' time at 10^5,
 * RulesBenchmark). One session's, not shared between threads.
 */
public final class Passes {

    static final String GLOBAL = "passes";

    private final boolean wanted;
    private final List<Finding> findings = new ArrayList<>();

    Passes(boolean wanted) {
        this.wanted = wanted;
    }

    /** Whether the PASS findings are kept: a rule builds its sentence only then. */
    public boolean wanted() {
        return wanted;
    }

    /** Keeps a PASS finding (a rule calls this only when {@link #wanted()}). */
    public void add(Finding finding) {
        if (!wanted || finding.failed()) {
            throw new IllegalStateException("a PASS finding is kept only when passes are wanted, and a failure is a fact: " + finding);
        }
        findings.add(finding);
    }

    List<Finding> findings() {
        return findings;
    }
}
