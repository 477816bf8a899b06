package com.greenex.scada.client;

import com.greenex.scada.mapping.Security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where an OPC UA user's password comes from: the environment variable a mapping names
 * ({@code passwordEnv}), or the first line of a secret file ({@code passwordFile}) in the bridge's
 * secrets directory (a container's {@code /run/secrets}). A mapping names only a file's name, never a
 * path: an uploaded mapping cannot make the bridge read and send any other file. The password is read
 * when a connection is made and never stored.
 *
 * @param environment the environment (or, in the portal, its configuration) to read variables from
 * @param secretsDir  the directory of secret files; null when none is configured
 */
public record Passwords(Function<String, String> environment, Path secretsDir) {

    public Passwords {
        Objects.requireNonNull(environment, "environment");
    }

    /** Only the process environment, no secret files. */
    public static Passwords environmentOnly() {
        return new Passwords(System::getenv, null);
    }

    /**
     * The password of {@code wanted}'s username.
     *
     * @throws IllegalStateException naming the variable or file when the password is not there
     */
    public String of(String substation, Security wanted) {
        if (wanted.passwordEnv() != null) {
            String password = environment.apply(wanted.passwordEnv());
            if (password == null || password.isEmpty()) {
                throw new IllegalStateException(substation + ": the environment variable " + wanted.passwordEnv()
                        + " with the password of " + wanted.username() + " is not set");
            }
            return password;
        }
        if (wanted.passwordFile() == null) {
            throw new IllegalStateException(substation + ": no password source for " + wanted.username());
        }
        if (secretsDir == null) {
            throw new IllegalStateException(substation + ": the password of " + wanted.username() + " is in the secret file "
                    + wanted.passwordFile() + ", but no secrets directory is configured (scada-bridge --secrets-dir, portal greenex.scada.secrets-dir)");
        }
        Path file = secretsDir.resolve(wanted.passwordFile());
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(substation + ": the secret file " + file + " with the password of " + wanted.username()
                    + " cannot be read: " + e, e);
        }
        String firstLine = content.lines().findFirst().orElse("").strip();
        if (firstLine.isEmpty()) {
            throw new IllegalStateException(substation + ": the secret file " + file + " with the password of " + wanted.username()
                    + " is empty (its first line is the password)");
        }
        return firstLine;
    }
}
