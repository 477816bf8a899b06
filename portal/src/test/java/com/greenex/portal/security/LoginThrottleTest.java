package com.greenex.portal.security;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {

    private final com.greenex.portal.testing.SettableClock clock = new com.greenex.portal.testing.SettableClock(Instant.parse("2026-12-03T10:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void fiveFailuresBlockTheAccountFor30SecondsDoublingWithEachFurtherFailure() {
        for (int i = 1; i < LoginThrottle.ACCOUNT_FAILURES; i++) {
            assertThat(throttle.failed("regulator", "10.0.0.1")).as("failure %d", i).isEmpty();
            assertThat(throttle.blocked("regulator", "10.0.0.2")).isEmpty();
        }
        assertThat(throttle.failed("Regulator", "10.0.0.1")).as("names are counted without case").get()
                .satisfies(b -> assertThat(b.until()).isEqualTo(clock.instant().plusSeconds(30)));
        assertThat(throttle.blocked("regulator", "10.0.0.9")).as("from any address").get()
                .satisfies(b -> assertThat(b.reason()).isEqualTo("too many failed sign-ins for regulator"));
        assertThat(throttle.blocked("dispatcher", "10.0.0.9")).as("another account is not blocked").isEmpty();

        clock.advance(Duration.ofSeconds(31));
        assertThat(throttle.blocked("regulator", "10.0.0.1")).isEmpty();
        assertThat(throttle.failed("regulator", "10.0.0.1")).get().satisfies(b -> assertThat(b.until()).isEqualTo(clock.instant().plusSeconds(60)));
        for (int i = 0; i < 10; i++) {
            throttle.failed("regulator", "10.0.0.1");
        }
        assertThat(throttle.blocked("regulator", "10.0.0.1")).get()
                .satisfies(b -> assertThat(Duration.between(clock.instant(), b.until())).isEqualTo(LoginThrottle.LONGEST_BLOCK));
    }

    @Test
    void manyNamesFromOneAddressBlockTheAddressAndASuccessClearsOnlyTheAccount() {
        for (int i = 0; i < LoginThrottle.ADDRESS_FAILURES; i++) {
            throttle.failed("guess" + i, "192.0.2.7");
        }
        assertThat(throttle.blocked("someone-new", "192.0.2.7")).get()
                .satisfies(b -> assertThat(b.reason()).isEqualTo("too many failed sign-ins from 192.0.2.7"));
        assertThat(throttle.blocked("someone-new", "192.0.2.8")).isEmpty();

        for (int i = 0; i < LoginThrottle.ACCOUNT_FAILURES - 1; i++) {
            throttle.failed("admin", "10.0.0.1");
        }
        throttle.succeeded("admin");
        assertThat(throttle.failed("admin", "10.0.0.1")).as("counted from zero again").isEmpty();
    }

    @Test
    void failuresOlderThanTheWindowAreForgotten() {
        for (int i = 0; i < LoginThrottle.ACCOUNT_FAILURES - 1; i++) {
            throttle.failed("regulator", "10.0.0.1");
        }
        clock.advance(Duration.ofMinutes(LoginThrottle.WINDOW_MINUTES));
        assertThat(throttle.failed("regulator", "10.0.0.1")).isEmpty();
    }

    @Test
    void theUsernameOfBasicCredentialsIsReadWithoutCheckingThePassword() {
        String header = "Basic " + java.util.Base64.getEncoder().encodeToString("regulator:wrong:colon".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(LoginThrottleFilter.basicUsername(header)).isEqualTo("regulator");
        assertThat(LoginThrottleFilter.basicUsername("Basic !!!")).isNull();
        assertThat(LoginThrottleFilter.basicUsername("Bearer gx_x")).isNull();
    }
}
