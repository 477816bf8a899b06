package com.greenex.market;

import java.util.Optional;

/**
 * An interval that cannot be cleared as given. The message is one line that names the participant
 * (when the problem belongs to one) and the field, so that whoever wrote the input can fix it.
 */
public final class InvalidIntervalException extends IllegalArgumentException {

    private final String participantId;
    private final String field;

    /**
     * @param participantId the participant the problem belongs to, or {@code null} for interval-level fields
     * @param field         the input field, as named in the interval file
     * @param problem       what is wrong with it
     */
    public InvalidIntervalException(String participantId, String field, String problem) {
        super(format(participantId, field, problem));
        this.participantId = participantId;
        this.field = field;
    }

    private static String format(String participantId, String field, String problem) {
        String where = participantId == null ? "interval" : "participant " + participantId;
        return where + ": " + field + ": " + problem;
    }

    public Optional<String> participantId() {
        return Optional.ofNullable(participantId);
    }

    public String field() {
        return field;
    }
}
