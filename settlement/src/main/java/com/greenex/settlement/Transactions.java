package com.greenex.settlement;

import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

import java.io.IOException;
import java.time.Duration;

/** Signing transactions for a key on the node's chain, asking for receipts at a chosen pace. */
public final class Transactions {

    private Transactions() {
    }

    /**
     * @param poll how often to ask for a receipt (web3j's default is 15 s; anvil mines at once), asked
     *             for up to a minute
     */
    public static RawTransactionManager manager(Web3j web3j, Credentials credentials, Duration poll) throws IOException {
        long chainId = web3j.ethChainId().send().getChainId().longValue();
        int attempts = (int) Math.max(1, Duration.ofMinutes(1).toMillis() / poll.toMillis());
        return new RawTransactionManager(web3j, credentials, chainId, new PollingTransactionReceiptProcessor(web3j, poll.toMillis(), attempts));
    }
}
