package com.greenex.scada.mapping;

/** A mapping file that cannot be used at all (not YAML, no substation, no endpoint). */
public final class MappingException extends RuntimeException {

    public MappingException(String message) {
        super(message);
    }
}
