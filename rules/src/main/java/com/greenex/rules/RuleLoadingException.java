package com.greenex.rules;

/** The rules could not be loaded; the message names each rule file and line that failed. */
public final class RuleLoadingException extends IllegalStateException {

    public RuleLoadingException(String message) {
        super(message);
    }
}
