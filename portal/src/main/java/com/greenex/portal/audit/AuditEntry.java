package com.greenex.portal.audit;

import java.time.Instant;

/** One row of the append-only, hash-chained audit log. */
public record AuditEntry(long seq, Instant at, String actor, String action, String subject, String detailsJson) {
}
