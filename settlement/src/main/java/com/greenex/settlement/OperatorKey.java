package com.greenex.settlement;

import org.web3j.crypto.exception.CipherException;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The operator key that settles intervals: from an encrypted keystore file (web3j / Ethereum
 * "UTC--…" JSON) whose password comes from the environment, or, on the development chain only,
 * anvil's known development account. No key is ever taken from configuration text or code.
 */
public final class OperatorKey {

    private OperatorKey() {
    }

    /**
     * @param keystore     the keystore file, or null
     * @param passwordEnv  the environment variable holding its password
     * @param devChain     whether the chain is the local development chain started by the application
     * @param environment  where environment variables come from (System::getenv in the product)
     * @throws IllegalStateException saying what to set, when there is no usable key
     */
    public static Credentials load(Path keystore, String passwordEnv, boolean devChain, Function<String, String> environment) {
        return load(keystore, passwordEnv, null, devChain, environment);
    }

    /**
     * The same, with the password taken from {@code passwordFile} (its first line; a container's
     * secret file) when that is given, instead of the environment variable.
     */
    public static Credentials load(Path keystore, String passwordEnv, Path passwordFile, boolean devChain, Function<String, String> environment) {
        if (passwordFile != null) {
            if (!Files.isReadable(passwordFile)) {
                throw new IllegalStateException("operator keystore password file " + passwordFile + " does not exist or cannot be read");
            }
            String fromFile;
            try {
                fromFile = Files.readAllLines(passwordFile, java.nio.charset.StandardCharsets.UTF_8).stream().findFirst().orElse("");
            } catch (IOException e) {
                throw new IllegalStateException("operator keystore password file " + passwordFile + ": " + e.getMessage(), e);
            }
            return load(keystore, "the password file " + passwordFile, devChain, name -> fromFile);
        }
        if (keystore == null) {
            if (devChain) {
                return Credentials.create(DevChain.DEV_ACCOUNT_0_KEY);
            }
            throw new IllegalStateException("no operator key: set greenex.chain.keystore to the operator's keystore file "
                    + "(and " + passwordEnv + " to its password); only the development chain has a built-in account");
        }
        if (!Files.isReadable(keystore)) {
            throw new IllegalStateException("operator keystore " + keystore + " does not exist or cannot be read");
        }
        String password = environment.apply(passwordEnv);
        if (password == null) {
            throw new IllegalStateException("operator keystore " + keystore + ": the environment variable " + passwordEnv
                    + " with its password is not set");
        }
        try {
            return WalletUtils.loadCredentials(password, keystore.toFile());
        } catch (CipherException e) {
            // web3j says "Invalid password provided" when the MAC does not match; anything else is the file.
            if (String.valueOf(e.getMessage()).contains("Invalid password")) {
                throw new IllegalStateException("operator keystore " + keystore + ": wrong password in " + passwordEnv, e);
            }
            throw new IllegalStateException("operator keystore " + keystore + " is not a keystore file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("operator keystore " + keystore + " is not a keystore file: " + e.getMessage(), e);
        }
    }
}
