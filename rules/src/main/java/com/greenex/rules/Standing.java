package com.greenex.rules;

/** A participant's standing in the market register. */
public record Standing(String participantId, Status status) {

    public enum Status {
        APPLIED,
        ADMITTED,
        REJECTED,
        DELISTED,
        /** The applicant withdrew its application before a decision. */
        WITHDRAWN
    }

    public boolean admitted() {
        return status == Status.ADMITTED;
    }
}
