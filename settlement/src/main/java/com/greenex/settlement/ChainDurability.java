package com.greenex.settlement;

import java.io.IOException;

/**
 * Makes what the chain holds now survive a crash of the node. A real network is durable by its
 * confirmations ({@link #NONE}); the development chain writes its state file ({@link DevChain#persist()}).
 * The settlement worker calls it before it records a batch as confirmed.
 */
@FunctionalInterface
public interface ChainDurability {

    ChainDurability NONE = () -> {
    };

    void persist() throws IOException, InterruptedException;
}
