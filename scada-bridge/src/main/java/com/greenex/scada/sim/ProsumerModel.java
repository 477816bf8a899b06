package com.greenex.scada.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * One simulated prosumer: PV that follows a day curve with passing clouds (the forecast's error; a
 * quarter of the households have none), a household load with a morning and an evening peak, and a real battery: a power limit (half its
 * capacity per hour), an SOC floor and ceiling, a round-trip efficiency. The battery follows the
 * market's setpoint while it is fresh; without one for the watchdog time it falls back to local
 * self-consumption (it takes the surplus and covers the deficit as far as it can). Measurements, so
 * {@code double}: the market never trades on these numbers directly, only on stored readings.
 */
final class ProsumerModel {

    static final double SOC_MIN = 10;
    static final double SOC_MAX = 95;
    static final double EFFICIENCY = 0.9;

    private final double pvPeakKw;
    private final double baseLoadKw;
    private final double batteryKwh;
    private final double maxPowerKw;
    private final SplittableRandom random;
    private double cloud = 1.0;
    private double socPercent;
    private double importKwh;
    private double exportKwh;
    private double powerKw;
    private double pvKw;
    private double loadKw;
    private double batteryKw;
    private Double setpointKw;
    private Instant setpointAt;
    private boolean following;

    ProsumerModel(long seed) {
        random = new SplittableRandom(seed);
        // A quarter of the households have no PV (they buy whenever they use), and loads differ widely: a
        // market has buyers and sellers in daylight, and only buyers at night.
        pvPeakKw = random.nextInt(4) == 0 ? 0 : 3 + random.nextDouble() * 7;
        baseLoadKw = 0.3 + random.nextDouble() * 2.2;
        batteryKwh = 5 + random.nextInt(11) * 5;
        maxPowerKw = batteryKwh / 2;
        socPercent = 20 + random.nextDouble() * 60;
        importKwh = random.nextDouble() * 10_000;
        exportKwh = random.nextDouble() * 10_000;
    }

    /** The market's setpoint, kW (positive charges), written at {@code at} (the clock's time). */
    void setpoint(double kw, Instant at) {
        this.setpointKw = kw;
        this.setpointAt = at;
    }

    /**
     * Advances the model by dt of simulated time at simulated time {@code now}; {@code clock} is the
     * real time the watchdog measures the setpoint's age against.
     */
    void step(Instant now, Duration dt, Instant clock, Duration watchdog) {
        double hour = now.atOffset(ZoneOffset.ofHours(8)).toLocalTime().toSecondOfDay() / 3600.0;
        double sun = Math.max(0, Math.sin(Math.PI * (hour - 6) / 12));
        cloud = Math.min(1, Math.max(0.2, cloud + (random.nextDouble() - 0.5) * 0.1));
        pvKw = pvPeakKw * sun * cloud;
        loadKw = baseLoadKw * (1 + 0.8 * bump(hour, 7.5) + 1.5 * bump(hour, 19.5)) * (0.9 + random.nextDouble() * 0.2);
        double net = pvKw - loadKw;
        double hours = dt.toMillis() / 3_600_000.0;
        following = setpointKw != null && Duration.between(setpointAt, clock).compareTo(watchdog) <= 0;
        // The market's setpoint while it is fresh, otherwise self-consumption: take the surplus, cover the deficit.
        double wanted = following ? setpointKw : net;
        batteryKw = hours <= 0 ? 0 : limit(wanted, hours);
        double stored = batteryKw > 0 ? batteryKw * hours * EFFICIENCY : batteryKw * hours;
        socPercent = Math.min(SOC_MAX, Math.max(Math.min(SOC_MIN, socPercent), socPercent + stored / batteryKwh * 100));
        // What crosses the meter, with the meter's own noise (a few watts): real readings never stand still.
        powerKw = net - batteryKw + (random.nextDouble() - 0.5) * 0.004;
        if (powerKw > 0) {
            exportKwh += powerKw * hours;
        } else {
            importKwh += -powerKw * hours;
        }
    }

    /** The battery power it can give for {@code wanted} kW over {@code hours}: its power limit, floor and ceiling. */
    private double limit(double wanted, double hours) {
        if (wanted > 0) {
            double room = Math.max(0, (SOC_MAX - socPercent) / 100 * batteryKwh / EFFICIENCY / hours);
            return Math.min(wanted, Math.min(maxPowerKw, room));
        }
        double stored = Math.max(0, (socPercent - SOC_MIN) / 100 * batteryKwh / hours);
        return Math.max(wanted, -Math.min(maxPowerKw, stored));
    }

    private static double bump(double hour, double centre) {
        double d = hour - centre;
        return Math.exp(-d * d / 2);
    }

    double batteryKwh() {
        return batteryKwh;
    }

    double maxPowerKw() {
        return maxPowerKw;
    }

    /** Active power at the meter, kW: positive exports, negative imports. */
    double powerKw() {
        return powerKw;
    }

    boolean hasPv() {
        return pvPeakKw > 0;
    }

    double pvKw() {
        return pvKw;
    }

    double loadKw() {
        return loadKw;
    }

    /** Battery power, kW: positive charging. */
    double batteryKw() {
        return batteryKw;
    }

    double importKwh() {
        return importKwh;
    }

    double exportKwh() {
        return exportKwh;
    }

    double socPercent() {
        return socPercent;
    }

    /** Whether the battery followed a fresh setpoint in the last step (false: self-consumption). */
    boolean following() {
        return following;
    }
}
