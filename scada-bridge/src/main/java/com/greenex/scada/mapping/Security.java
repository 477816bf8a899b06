package com.greenex.scada.mapping;

/**
 * How to connect to a substation's endpoint.
 *
 * @param policy       {@code None} (demo) or {@code Basic256Sha256}
 * @param mode         {@code None}, {@code Sign} or {@code SignAndEncrypt}; {@code None} exactly when the policy is
 * @param username     for a username identity; null for anonymous or certificate identity
 * @param passwordEnv  the environment variable that holds the password (never the password itself)
 * @param passwordFile or the name of a secret file in the bridge's secrets directory whose first line is the password
 * @param certificateIdentity log in with the bridge's own certificate (X.509 identity) instead
 */
public record Security(String policy, String mode, String username, String passwordEnv, String passwordFile, boolean certificateIdentity) {

    public static final Security NONE = new Security("None", "None", null, null, null, false);
}
