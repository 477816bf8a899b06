package com.greenex.scada.mapping;

/**
 * One mapped point: an OPC UA node that carries one quantity of one meter or battery.
 *
 * @param index position in the mapping file's points list (0-based), for messages
 * @param node  the node id as written, {@code ns=<index>;…} or {@code nsu=<uri>;…}
 */
public record PointMapping(int index, String participant, String meter, String battery, Quantity quantity, String node) {

    /** The meter or battery id. */
    public String device() {
        return meter != null ? meter : battery;
    }
}
