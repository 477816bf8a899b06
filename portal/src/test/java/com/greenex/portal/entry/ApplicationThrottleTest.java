package com.greenex.portal.entry;

import com.greenex.portal.config.TooManyRequests;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApplicationThrottleTest {

    private final com.greenex.portal.testing.SettableClock clock = new com.greenex.portal.testing.SettableClock(Instant.parse("2026-12-03T08:00:00Z"));

    @Test
    void anAddressSendsItsHoursShareThenWaitsUntilTheOldestLeavesTheWindow() {
        ApplicationThrottle throttle = new ApplicationThrottle(clock, new EntryProperties("0.4kV:100", 3));
        for (int i = 0; i < 3; i++) {
            throttle.admit("127.0.0.1");
            clock.advance(Duration.ofMinutes(10));
        }
        assertThatThrownBy(() -> throttle.admit("127.0.0.1")).isInstanceOf(TooManyRequests.class)
                .hasMessage("3 applications from this address in the last hour; try again in 30 min")
                .satisfies(e -> assertThat(((TooManyRequests) e).retryAfter()).isEqualTo(Duration.ofMinutes(30)));
        throttle.admit("::1");
        clock.advance(Duration.ofMinutes(30));
        throttle.admit("127.0.0.1");
        assertThatThrownBy(() -> throttle.admit("127.0.0.1")).isInstanceOf(TooManyRequests.class);
    }
}
