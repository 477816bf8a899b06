package com.greenex.market;

import java.util.Objects;

/**
 * Whether an interval's final quotes are a Nash equilibrium (market-model.md, step 4): verified by
 * the check that no competitor can gain by another quote; not applicable when there is no bidding
 * (one side empty, or a balanced market); or not reached, with the reason.
 *
 * <p>Its {@link #text()} is what results store and the command-line tool prints: {@code VERIFIED},
 * {@code NOT_APPLICABLE: reason} or {@code NOT_REACHED: reason}; {@link #parse(String)} reads it back.
 */
public sealed interface Equilibrium {

    /** The stored and printed form. */
    String text();

    default boolean verified() {
        return this instanceof Verified;
    }

    static Equilibrium verifiedNow() {
        return Verified.INSTANCE;
    }

    /** The final quotes passed the equilibrium check. */
    record Verified() implements Equilibrium {
        static final Verified INSTANCE = new Verified();

        @Override
        public String text() {
            return "VERIFIED";
        }
    }

    /** Nobody bids (one side empty, or a balanced market): there is no game to be in equilibrium. */
    record NotApplicable(String reason) implements Equilibrium {
        public NotApplicable {
            requireReason(reason);
        }

        @Override
        public String text() {
            return "NOT_APPLICABLE: " + reason;
        }
    }

    /** The game stopped with participants still able to gain; the reason says how it stopped. */
    record NotReached(String reason) implements Equilibrium {
        public NotReached {
            requireReason(reason);
        }

        @Override
        public String text() {
            return "NOT_REACHED: " + reason;
        }
    }

    /**
     * Reads a stored {@link #text()} back.
     *
     * @throws IllegalArgumentException naming the text when it is none of the three forms
     */
    static Equilibrium parse(String text) {
        Objects.requireNonNull(text, "equilibrium text");
        if (text.equals("VERIFIED")) {
            return Verified.INSTANCE;
        }
        if (text.startsWith("NOT_APPLICABLE: ")) {
            return new NotApplicable(text.substring("NOT_APPLICABLE: ".length()));
        }
        if (text.startsWith("NOT_REACHED: ")) {
            return new NotReached(text.substring("NOT_REACHED: ".length()));
        }
        throw new IllegalArgumentException("not an equilibrium verdict: '" + text
                + "' (expected VERIFIED, NOT_APPLICABLE: <reason> or NOT_REACHED: <reason>)");
    }

    private static void requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("an equilibrium that is not verified needs its reason");
        }
    }
}
