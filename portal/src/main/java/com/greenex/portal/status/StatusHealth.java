package com.greenex.portal.status;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** The chain, the substations and the scheduler in actuator's health (the database has its own). */
@Component("greenex")
public class StatusHealth implements HealthIndicator {

    private final SystemStatus status;

    public StatusHealth(SystemStatus status) {
        this.status = status;
    }

    @Override
    public Health health() {
        boolean up = true;
        Health.Builder b = Health.up();
        for (SystemStatus.Component c : status.components()) {
            if (c.name().equals("database")) {
                continue;
            }
            up &= c.up();
            b.withDetail(c.name(), (c.up() ? "UP: " : "DOWN: ") + c.detail());
        }
        return up ? b.build() : b.down().build();
    }
}
