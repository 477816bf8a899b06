package com.greenex.portal.scada;

import java.math.BigDecimal;

/**
 * What became of one battery's setpoint: written over OPC UA (and what was read back), refused by the
 * server, not sent because no setpoint point is mapped for the battery, or not sent because the
 * substation is not connected; {@code detail} says why in words.
 */
public record SetpointOutcome(String batteryId, BigDecimal kw, Outcome outcome, String detail, BigDecimal readBack) {

    public enum Outcome {
        WRITTEN, REFUSED, NO_SETPOINT_POINT, NOT_CONNECTED
    }
}
