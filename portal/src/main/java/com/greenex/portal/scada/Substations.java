package com.greenex.portal.scada;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** The substations the portal bridges and their state; none when the bridge is disabled. */
@Service
public class Substations {

    private final ObjectProvider<ScadaBridge> bridge;

    public Substations(ObjectProvider<ScadaBridge> bridge) {
        this.bridge = bridge;
    }

    /** Writes the batteries' setpoints through the bridge; without a bridge every setpoint says it was not sent. */
    public List<SetpointOutcome> writeSetpoints(Map<String, BigDecimal> kwByBattery) {
        ScadaBridge b = bridge.getIfAvailable();
        if (b == null) {
            return kwByBattery.entrySet().stream().map(e -> new SetpointOutcome(e.getKey(), e.getValue(), SetpointOutcome.Outcome.NOT_CONNECTED,
                    "the SCADA bridge is disabled (greenex.scada.enabled=false)", null)).toList();
        }
        return b.writeSetpoints(kwByBattery);
    }

    /** The source time of the oldest reading the bridge holds that is not yet in the database; empty when all are written. */
    public java.util.Optional<java.time.Instant> oldestUnwritten() {
        ScadaBridge b = bridge.getIfAvailable();
        return java.util.Optional.ofNullable(b == null ? null : b.oldestUnwritten());
    }

    public List<SubstationStatus> status() {
        ScadaBridge b = bridge.getIfAvailable();
        return b == null ? List.of() : b.statuses();
    }
}
