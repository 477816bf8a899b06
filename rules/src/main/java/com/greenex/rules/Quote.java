package com.greenex.rules;

import com.greenex.market.Side;

import java.math.BigDecimal;

/** A price a participant quotes in one interval, in the role it quotes for. */
public record Quote(String intervalId, String participantId, Side side, BigDecimal price) {

    /** participantId@intervalId, as in the quote's findings. */
    public String subject() {
        return participantId + "@" + intervalId;
    }
}
