package com.greenex.portal.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuthenticationAuditTest {

    @Test
    void aHugeOrStrangeUsernameIsAuditedBoundedAndReadable() {
        assertThat(AuthenticationAudit.bounded("alice")).isEqualTo("alice");
        String huge = "x".repeat(2_000_000);
        assertThat(AuthenticationAudit.bounded(huge)).hasSize(64 + "…(2000000 characters)".length()).endsWith("…(2000000 characters)");
        assertThat(AuthenticationAudit.bounded("a\u0000b\nc")).isEqualTo("a?b?c");
    }
}
