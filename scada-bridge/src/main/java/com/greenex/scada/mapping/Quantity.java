package com.greenex.scada.mapping;

/**
 * What a mapped OPC UA node measures, or (the setpoint) what the market writes to it. Powers in kW;
 * a battery's power and setpoint are positive when it charges, negative when it discharges.
 */
public enum Quantity {
    /** Net active power at the meter: positive exports, negative imports. */
    ACTIVE_POWER_KW(false, false),
    ENERGY_IMPORT_KWH(false, false),
    ENERGY_EXPORT_KWH(false, false),
    /** What the prosumer's PV produces now. */
    PV_POWER_KW(false, false),
    /** What the prosumer's household uses now. */
    LOAD_POWER_KW(false, false),
    SOC_PERCENT(true, false),
    /** The battery's power now: positive charging, negative discharging. */
    BATTERY_POWER_KW(true, false),
    /** The power the market asks of the battery for the interval (written with the OPC UA Write service). */
    BATTERY_SETPOINT_KW(true, true),
    BATTERY_MAX_CHARGE_KW(true, false),
    BATTERY_MAX_DISCHARGE_KW(true, false);

    private final boolean battery;
    private final boolean written;

    Quantity(boolean battery, boolean written) {
        this.battery = battery;
        this.written = written;
    }

    /** A battery's quantity; the rest belong to a meter. */
    public boolean ofBattery() {
        return battery;
    }

    /** Written by the market (a setpoint), not only read. */
    public boolean written() {
        return written;
    }
}
