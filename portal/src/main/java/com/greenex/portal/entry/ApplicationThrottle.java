package com.greenex.portal.entry;

import com.greenex.portal.config.TooManyRequests;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Applying needs no account: at most {@code greenex.entry.applications-per-hour} applications from one
 * address in any hour, the rest refused with the time to wait. Addresses without an application in the
 * last hour are forgotten.
 */
@Component
public class ApplicationThrottle {

    static final Duration WINDOW = Duration.ofHours(1);

    private final Clock clock;
    private final int perHour;
    private final Map<String, Deque<Instant>> recent = new HashMap<>();

    public ApplicationThrottle(Clock clock, EntryProperties properties) {
        this.clock = clock;
        this.perHour = properties.applicationsPerHour();
    }

    /**
     * Counts one application from {@code address}.
     *
     * @throws TooManyRequests when the address has sent its hour's share, with the time until the oldest leaves the window
     */
    public synchronized void admit(String address) {
        Instant now = clock.instant();
        Instant since = now.minus(WINDOW);
        recent.values().forEach(q -> {
            while (!q.isEmpty() && !q.peekFirst().isAfter(since)) {
                q.pollFirst();
            }
        });
        recent.values().removeIf(Deque::isEmpty);
        Deque<Instant> mine = recent.computeIfAbsent(address == null ? "unknown" : address, a -> new ArrayDeque<>());
        if (mine.size() >= perHour) {
            Duration wait = Duration.between(now, mine.peekFirst().plus(WINDOW));
            throw new TooManyRequests(perHour + " applications from this address in the last hour; try again in " + Math.max(1, wait.toMinutes()) + " min",
                    wait);
        }
        mine.addLast(now);
    }
}
