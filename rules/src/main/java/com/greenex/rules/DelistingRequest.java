package com.greenex.rules;

/** A participant asks to leave the market. */
public record DelistingRequest(String participantId, String reason) {
}
