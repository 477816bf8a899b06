package com.greenex.portal.scada;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

import java.util.List;

/** The substations the portal bridges and their state; none when the bridge is disabled. */
@Service
public class Substations {

    private final ObjectProvider<ScadaBridge> bridge;

    public Substations(ObjectProvider<ScadaBridge> bridge) {
        this.bridge = bridge;
    }

    public List<SubstationStatus> status() {
        ScadaBridge b = bridge.getIfAvailable();
        return b == null ? List.of() : List.of(b.status());
    }
}
