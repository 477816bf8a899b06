package com.greenex.portal.scada;

import java.util.Map;

/**
 * One bridged substation as the integrator and the status page see it: whether its OPC UA session is
 * up, in words, and its counters (endpoint, resubscriptions, readings received, written, dropped, buffered).
 */
public record SubstationStatus(String substation, boolean connected, String detail, Map<String, Object> facts) {
}
