package com.greenex.portal.security;

import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Slows password guessing down, per account and per address: after {@value #ACCOUNT_FAILURES} failed
 * sign-ins of an account (or {@value #ADDRESS_FAILURES} from an address) within
 * {@value #WINDOW_MINUTES} minutes, further attempts are refused before the password is even hashed,
 * for 30 s, doubling with each further failure up to 15 minutes. A success clears the account's
 * count. Refused attempts cost no bcrypt and write no audit row; the start of a block is audited
 * once. The tables are bounded (oldest entries go first), so a flood of names cannot fill the heap.
 */
@Component
public class LoginThrottle {

    static final int ACCOUNT_FAILURES = 5;
    static final int ADDRESS_FAILURES = 20;
    static final int WINDOW_MINUTES = 15;
    static final Duration FIRST_BLOCK = Duration.ofSeconds(30);
    static final Duration LONGEST_BLOCK = Duration.ofMinutes(15);
    private static final int MAX_ENTRIES = 100_000;

    /** A refusal: until when, and whose failures caused it. */
    public record Block(Instant until, String reason) {
    }

    private static final class Failures {
        int count;
        Instant first;
        Instant blockedUntil;
    }

    private final Clock clock;
    private final Map<String, Failures> failures = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    private static String account(String username) {
        return "user:" + AuthenticationAudit.bounded(String.valueOf(username)).toLowerCase(Locale.ROOT);
    }

    private static String address(String address) {
        return "addr:" + address;
    }

    /** Whether a sign-in of {@code username} from {@code address} is refused now, and until when. */
    public synchronized Optional<Block> blocked(String username, String address) {
        Instant now = clock.instant();
        for (String key : new String[] {account(username), address == null ? null : address(address)}) {
            Failures f = key == null ? null : failures.get(key);
            if (f != null && f.blockedUntil != null && now.isBefore(f.blockedUntil)) {
                return Optional.of(new Block(f.blockedUntil, key.startsWith("user:")
                        ? "too many failed sign-ins for " + key.substring(5) : "too many failed sign-ins from " + key.substring(5)));
            }
        }
        return Optional.empty();
    }

    /**
     * Counts a failed sign-in.
     *
     * @return the block it started, if it started one (to be audited once)
     */
    public synchronized Optional<Block> failed(String username, String address) {
        Optional<Block> started = count(account(username), ACCOUNT_FAILURES, "too many failed sign-ins for " + AuthenticationAudit.bounded(String.valueOf(username)));
        if (address != null) {
            Optional<Block> byAddress = count(address(address), ADDRESS_FAILURES, "too many failed sign-ins from " + address);
            if (started.isEmpty()) {
                started = byAddress;
            }
        }
        return started;
    }

    private Optional<Block> count(String key, int threshold, String reason) {
        Instant now = clock.instant();
        Failures f = failures.computeIfAbsent(key, k -> new Failures());
        if (f.first == null || Duration.between(f.first, now).toMinutes() >= WINDOW_MINUTES && (f.blockedUntil == null || !now.isBefore(f.blockedUntil))) {
            f.count = 0;
            f.first = now;
            f.blockedUntil = null;
        }
        f.count++;
        if (f.count < threshold) {
            return Optional.empty();
        }
        long doublings = Math.min(f.count - threshold, 20);
        Duration block = FIRST_BLOCK.multipliedBy(1L << doublings);
        if (block.compareTo(LONGEST_BLOCK) > 0) {
            block = LONGEST_BLOCK;
        }
        boolean starts = f.blockedUntil == null || !now.isBefore(f.blockedUntil);
        f.blockedUntil = now.plus(block);
        return starts ? Optional.of(new Block(f.blockedUntil, reason)) : Optional.empty();
    }

    /** A successful sign-in clears the account's failures (not the address's). */
    public synchronized void succeeded(String username) {
        failures.remove(account(username));
    }
}
