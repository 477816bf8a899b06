package com.greenex.scada.mapping;

/** What a mapped OPC UA node measures. */
public enum Quantity {
    ACTIVE_POWER_KW(false),
    ENERGY_IMPORT_KWH(false),
    ENERGY_EXPORT_KWH(false),
    SOC_PERCENT(true);

    private final boolean battery;

    Quantity(boolean battery) {
        this.battery = battery;
    }

    /** SOC belongs to a battery; the rest to a meter. */
    public boolean ofBattery() {
        return battery;
    }
}
