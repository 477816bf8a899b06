package com.greenex.portal.audit;

/** Where the audit chain breaks, and how. */
public record ChainProblem(long seq, String problem) {
}
