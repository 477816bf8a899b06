package com.greenex.portal.config;

/** {@code {"reason": "..."}}: why an action is taken, for the audit log and the people it concerns. */
public record ReasonBody(String reason) {
}
