package com.greenex.portal.config;

import org.springframework.core.env.Environment;

/**
 * What only the demo (or a developer's machine) may do: simulate a substation whose prosumers are
 * admitted with chain keys anyone can derive, and run the development chain with anvil's public
 * account. Allowed by {@code greenex.development-defaults=true}, which the {@code demo} profile
 * sets; anywhere else the portal refuses to start without a real substation and chain, saying what
 * to set.
 */
public final class DevelopmentDefaults {

    public static final String PROPERTY = "greenex.development-defaults";

    private DevelopmentDefaults() {
    }

    public static boolean allowed(Environment environment) {
        return environment.getProperty(PROPERTY, Boolean.class, false);
    }

    /** @throws IllegalStateException saying what to configure, when the simulated substation is not allowed */
    public static void requireForSimulatedSubstation(Environment environment) {
        if (!allowed(environment)) {
            throw new IllegalStateException("no substation configured: set greenex.scada.mapping to the substation's mapping file "
                    + "(or greenex.scada.enabled=false to run without a bridge). A simulated substation, whose prosumers are admitted "
                    + "with keys anyone can derive, runs only in the demo (--spring.profiles.active=demo) or with " + PROPERTY + "=true");
        }
    }

    /** @throws IllegalStateException saying what to configure, when the development chain is not allowed */
    public static void requireForDevelopmentChain(Environment environment) {
        if (!allowed(environment)) {
            throw new IllegalStateException("no chain configured: set greenex.chain.rpc-url to the settlement chain's JSON-RPC URL, "
                    + "with greenex.chain.keystore and its password in GREENEX_CHAIN_KEY_PASSWORD (or greenex.chain.password-file). "
                    + "The development chain (anvil, with its public development account) runs only in the demo "
                    + "(--spring.profiles.active=demo) or with " + PROPERTY + "=true");
        }
    }
}
