package com.greenex.rules;

import com.greenex.market.Side;

import java.math.BigDecimal;

/** The role the rules gave a participant in one interval, with the energy it trades. */
public record Role(String intervalId, String participantId, Side side, BigDecimal energyKwh) {
}
