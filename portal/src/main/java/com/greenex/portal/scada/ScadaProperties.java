package com.greenex.portal.scada;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;

/**
 * {@code greenex.scada.*}: without a mapping file the portal starts a simulated substation with
 * {@code simulated-prosumers} prosumers on loopback, registers them (the demo register) and bridges it;
 * {@code simulated-time-scale} runs their day faster (90: a 15-minute interval's energy in 10 seconds).
 */
@ConfigurationProperties("greenex.scada")
public record ScadaProperties(@DefaultValue("true") boolean enabled, Path mapping, @DefaultValue("SS-01") String substation,
                              @DefaultValue("200") int simulatedProsumers, @DefaultValue("1000") long samplingMs,
                              @DefaultValue("1000") long publishingMs, @DefaultValue("1000000") int buffer,
                              @DefaultValue("1") int simulatedTimeScale) {
}
