package com.greenex.portal.scada;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;

/**
 * {@code greenex.scada.*}: without a mapping file the portal starts a simulated substation with
 * {@code simulated-prosumers} prosumers on loopback, registers them (the demo register) and bridges it;
 * {@code simulated-time-scale} runs their day faster (90: a 15-minute interval's energy in 10 seconds);
 * a simulated battery follows a setpoint for {@code simulated-setpoint-watchdog} (two 15-minute
 * intervals) and then falls back to self-consumption; {@code simulated-start-time} starts the simulated
 * day at that time of day (UTC+8) instead of the clock's; raw readings are kept {@code raw-retention}
 * (14 days), then rolled up to 15-minute aggregates and dropped ({@link ReadingHousekeeping});
 * {@code simulated-substations} simulates a utility of that many substations (SS-01, SS-02, …), each
 * with {@code simulated-prosumers} and each a market zone of its own; {@code pki-dir} holds the
 * portal's OPC UA certificate and trust list for secure substations, its keystore password in
 * {@code pki-password} (environment {@code GREENEX_SCADA_PKI_PASSWORD}); {@code secrets-dir} holds the
 * secret files a mapping's {@code passwordFile} names (first line: an OPC UA user's password);
 * {@code ingest-connections} is how many of the pool's connections all substations' readings are
 * written with at once (the rest stay free for the market and the views).
 */
@ConfigurationProperties("greenex.scada")
public record ScadaProperties(@DefaultValue("true") boolean enabled, Path mapping, @DefaultValue("SS-01") String substation,
                              @DefaultValue("200") int simulatedProsumers, @DefaultValue("1000") long samplingMs,
                              @DefaultValue("1000") long publishingMs, @DefaultValue("1000000") int buffer,
                              @DefaultValue("1") int simulatedTimeScale, @DefaultValue("PT30M") Duration simulatedSetpointWatchdog,
                              LocalTime simulatedStartTime, @DefaultValue("P14D") Duration rawRetention,
                              @DefaultValue("1") int simulatedSubstations, Path pkiDir, String pkiPassword, Path secretsDir,
                              @DefaultValue("4") int ingestConnections) {

    @Override
    public String toString() {
        return "ScadaProperties[substation=" + substation + ", mapping=" + mapping + ", pkiDir=" + pkiDir + ", pkiPassword=" + (pkiPassword == null ? "unset" : "(set)")
                + ", secretsDir=" + secretsDir + "]";
    }

    public ScadaProperties {
        if (simulatedSubstations < 1 || simulatedSubstations > 99) {
            throw new IllegalArgumentException("greenex.scada.simulated-substations: 1 to 99, got " + simulatedSubstations);
        }
        if (ingestConnections < 1 || ingestConnections > 64) {
            throw new IllegalArgumentException("greenex.scada.ingest-connections: 1 to 64, got " + ingestConnections);
        }
        if (rawRetention.toDays() < 1) {
            throw new IllegalArgumentException("greenex.scada.raw-retention must be at least one day (P1D), got " + rawRetention);
        }
    }

    /**
     * How many hours of energy one second of the clock holds: 1/3600 for a real substation, the time
     * scale over 3600 for a simulated one whose day runs faster.
     */
    public long energyTimeScale() {
        return enabled && mapping == null ? simulatedTimeScale : 1;
    }
}
