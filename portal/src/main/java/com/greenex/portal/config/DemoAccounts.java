package com.greenex.portal.config;

import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;

import java.nio.charset.StandardCharsets;

/**
 * A demo prosumer's chain account, derived from its id, so that anyone can compute its key (and the
 * demo can act for it on the development chain). Demo only; real participants register their own
 * address and keep their key.
 */
public final class DemoAccounts {

    private DemoAccounts() {
    }

    public static Credentials credentials(String participant) {
        return Credentials.create(ECKeyPair.create(Hash.sha3(("greenex-demo-account:" + participant).getBytes(StandardCharsets.UTF_8))));
    }

    public static String address(String participant) {
        return credentials(participant).getAddress();
    }
}
