package com.greenex.portal.config;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;

/**
 * The embedded PostgreSQL's passwords, generated at its first start and kept in its data directory
 * ({@value #FILE}, readable by its owner only): the superuser's (migrations) and the application's
 * role ({@value #APP_ROLE}, not a superuser). Every connection to the server needs one of them
 * (SCRAM-SHA-256); none is ever in configuration or the database's tables.
 */
public record EmbeddedCredentials(String superuserPassword, String appPassword) {

    public static final String FILE = "greenex-credentials.properties";
    public static final String APP_ROLE = "greenex_app";

    public EmbeddedCredentials {
        for (String p : new String[] {superuserPassword, appPassword}) {
            if (p == null || !p.matches("[A-Za-z0-9_-]{32,}")) {
                throw new IllegalArgumentException("an embedded database password must be 32+ characters of [A-Za-z0-9_-]");
            }
        }
    }

    static EmbeddedCredentials generate() {
        SecureRandom random = new SecureRandom();
        return new EmbeddedCredentials(password(random), password(random));
    }

    private static String password(SecureRandom random) {
        byte[] b = new byte[30];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** @throws IllegalStateException naming the file when it exists but cannot be read or is incomplete */
    static Optional<EmbeddedCredentials> read(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
            return Optional.of(new EmbeddedCredentials(p.getProperty("superuser.password"), p.getProperty("app.password")));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("the embedded database's credentials " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Written beside the data, owner-only, atomically (a copy synced, then moved into place). */
    void write(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        Path tmp = dataDir.resolve(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Properties p = new Properties();
        p.setProperty("superuser.password", superuserPassword);
        p.setProperty("app.password", appPassword);
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "Greenex embedded PostgreSQL: superuser (postgres) and application (" + APP_ROLE + ") passwords. Keep private.");
        }
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public String toString() {
        return "EmbeddedCredentials[superuserPassword=***, appPassword=***]";
    }
}
