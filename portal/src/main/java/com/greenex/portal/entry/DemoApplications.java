package com.greenex.portal.entry;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;

/**
 * The demo's market-entry queue: four applicants, two that pass every check (awaiting the
 * regulator), one over its voltage level's capacity limit, one without a smart meter. Added once.
 */
@Component
@Profile("demo")
class DemoApplications implements ApplicationRunner {

    private final MarketEntry entry;
    private final ParticipantRegister register;
    private final JdbcClient jdbc;

    DemoApplications(MarketEntry entry, ParticipantRegister register, JdbcClient jdbc) {
        this.entry = entry;
        this.register = register;
        this.jdbc = jdbc;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (jdbc.sql("SELECT count(*) FROM market_entry_applications").query(Long.class).single() > 0) {
            return;
        }
        jdbc.sql("INSERT INTO substations (id, name) VALUES ('SS-NEW', 'Applicants'' substation') ON CONFLICT (id) DO NOTHING").update();
        applicant("N-001", "Applicant N-001 (rooftop PV)", "8", true, true);
        applicant("N-002", "Applicant N-002 (PV + battery)", "25", true, true);
        applicant("N-003", "Applicant N-003 (too large for 0.4 kV)", "250", true, true);
        applicant("N-004", "Applicant N-004 (no smart meter)", "6", false, false);
    }

    private void applicant(String id, String name, String capacityKw, boolean smartMeter, boolean tradingClient) {
        BigDecimal capacity = new BigDecimal(capacityKw);
        register.apply(new ParticipantRegister.Registration(id, name, capacity, "0.4kV", tradingClient));
        String meter = "M-" + id;
        jdbc.sql("INSERT INTO meters (id, participant_id, substation_id, smart) VALUES (?, ?, 'SS-NEW', ?) ON CONFLICT (id) DO NOTHING")
                .params(meter, id, smartMeter).update();
        entry.apply(id, name, capacity, "0.4kV", meter, tradingClient);
    }
}
