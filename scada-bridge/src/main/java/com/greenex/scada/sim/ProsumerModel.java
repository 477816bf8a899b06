package com.greenex.scada.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * One simulated prosumer: PV that follows a day curve with passing clouds, a household load with a
 * morning and an evening peak, and a battery that takes the surplus and covers the deficit.
 * Measurements, so {@code double}: the market never trades on these numbers directly, only on the
 * positions computed from stored readings.
 */
final class ProsumerModel {

    private final double pvPeakKw;
    private final double baseLoadKw;
    private final double batteryKwh;
    private final SplittableRandom random;
    private double cloud = 1.0;
    private double socPercent;
    private double importKwh;
    private double exportKwh;
    private double powerKw;

    ProsumerModel(long seed) {
        random = new SplittableRandom(seed);
        pvPeakKw = 3 + random.nextDouble() * 7;
        baseLoadKw = 0.3 + random.nextDouble() * 1.2;
        batteryKwh = 5 + random.nextInt(11) * 5;
        socPercent = 20 + random.nextDouble() * 60;
        importKwh = random.nextDouble() * 10_000;
        exportKwh = random.nextDouble() * 10_000;
    }

    /** Advances the model by dt at the given time of day (UTC+8, the paper's grid). */
    void step(Instant now, Duration dt) {
        double hour = now.atOffset(ZoneOffset.ofHours(8)).toLocalTime().toSecondOfDay() / 3600.0;
        double sun = Math.max(0, Math.sin(Math.PI * (hour - 6) / 12));
        cloud = Math.min(1, Math.max(0.2, cloud + (random.nextDouble() - 0.5) * 0.1));
        double pv = pvPeakKw * sun * cloud;
        double load = baseLoadKw * (1 + 0.8 * bump(hour, 7.5) + 1.5 * bump(hour, 19.5)) * (0.9 + random.nextDouble() * 0.2);
        double net = pv - load;
        double hours = dt.toMillis() / 3_600_000.0;
        // Storage first: the battery takes or gives what it can, the rest crosses the meter.
        double batteryKw = net > 0 ? Math.min(net, (100 - socPercent) / 100 * batteryKwh / hours)
                : Math.max(net, -socPercent / 100 * batteryKwh / hours);
        socPercent = Math.min(100, Math.max(0, socPercent + batteryKw * hours / batteryKwh * 100));
        // What crosses the meter, with the meter's own noise (a few watts): real readings never stand still.
        powerKw = net - batteryKw + (random.nextDouble() - 0.5) * 0.004;
        if (powerKw > 0) {
            exportKwh += powerKw * hours;
        } else {
            importKwh += -powerKw * hours;
        }
    }

    private static double bump(double hour, double centre) {
        double d = hour - centre;
        return Math.exp(-d * d / 2);
    }

    double batteryKwh() {
        return batteryKwh;
    }

    /** Active power at the meter, kW: positive exports, negative imports. */
    double powerKw() {
        return powerKw;
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
}
