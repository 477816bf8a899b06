package com.greenex.portal.security;

import com.greenex.portal.audit.AuditAction;
import com.greenex.portal.audit.AuditLog;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * API tokens for scripts and other systems ({@code Authorization: Bearer gx_...}). A token acts as
 * the user who created it, within its scopes ({@link Scope}): {@code read} (GET only), {@code trade}
 * (a participant's own writes), {@code operate} (the operators' writes); it expires (90 days by
 * default, a year at most) and is made only from a password or session sign-in, never by another
 * token. Only its SHA-256 is stored, so it is shown once; a user can revoke all of its tokens at once.
 */
@Service
public class ApiTokens {

    public static final String PREFIX = "gx_";

    public record Token(long id, String name, java.util.Set<Scope> scopes, Instant createdAt, Instant expiresAt, Instant lastUsedAt, Instant revokedAt) {
    }

    /** What a token may do. */
    public enum Scope {
        /** Read what its user may read: GET and HEAD only. */
        READ,
        /** A participant's own writes (forecasts, prices, quotes under /api/participants/{own id}/...). */
        TRADE,
        /** The operators' writes (settings, decisions, mappings). */
        OPERATE;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** @throws IllegalArgumentException naming the scopes there are */
        public static Scope of(String wire) {
            for (Scope s : values()) {
                if (s.wire().equals(wire)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown scope \"" + wire + "\": one of read, trade, operate");
        }
    }

    /** An authenticated token: its user and what it may do. */
    public record Authenticated(GreenexUser user, java.util.Set<Scope> scopes) {
    }

    public static final java.time.Duration DEFAULT_LIFETIME = java.time.Duration.ofDays(90);
    public static final java.time.Duration MAX_LIFETIME = java.time.Duration.ofDays(365);

    private final JdbcClient jdbc;
    private final Users users;
    private final AuditLog audit;
    private final SecureRandom random = new SecureRandom();

    public ApiTokens(JdbcClient jdbc, Users users, AuditLog audit) {
        this.jdbc = jdbc;
        this.users = users;
        this.audit = audit;
    }

    /** A read-only token for 90 days. */
    @Transactional
    public String create(GreenexUser user, String name) {
        return create(user, name, java.util.Set.of(Scope.READ), DEFAULT_LIFETIME);
    }

    /**
     * Creates a token for the user and returns it: the only time it is seen.
     *
     * @throws IllegalArgumentException naming the field: the name (1 to 100 characters), no scope, a lifetime outside 1 day to a year
     */
    @Transactional
    public String create(GreenexUser user, String name, java.util.Set<Scope> scopes, java.time.Duration lifetime) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new IllegalArgumentException("name: a token needs a name of 1 to 100 characters, got " + (name == null ? "none" : name.length() + " characters"));
        }
        if (scopes == null || scopes.isEmpty()) {
            throw new IllegalArgumentException("scopes: at least one of read, trade, operate");
        }
        if (lifetime == null || lifetime.compareTo(java.time.Duration.ofDays(1)) < 0 || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("expiresInDays: between 1 and 365, got " + (lifetime == null ? "none" : lifetime.toDays()));
        }
        if (scopes.contains(Scope.TRADE) && user.participantId() == null) {
            throw new IllegalArgumentException("scopes: trade is for a participant's own trading client; " + user.getUsername() + " trades as no participant");
        }
        if (scopes.contains(Scope.OPERATE) && !(user.hasRole("ADMIN") || user.hasRole("DISPATCHER") || user.hasRole("REGULATOR") || user.hasRole("INTEGRATOR"))) {
            throw new IllegalArgumentException("scopes: operate is for the operators' roles; " + user.getUsername() + " has none");
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String[] wire = scopes.stream().map(Scope::wire).sorted().toArray(String[]::new);
        long id = jdbc.sql("INSERT INTO api_tokens (user_id, name, token_sha256, scopes, expires_at) VALUES (?, ?, ?, ?, now() + make_interval(secs => ?)) RETURNING id")
                .params(user.id(), name.strip(), sha256(token), wire, lifetime.toSeconds()).query(Long.class).single();
        audit.append(user.getUsername(), AuditAction.API_TOKEN_CREATED, "api_token:" + id,
                Map.of("name", name.strip(), "scopes", String.join(",", wire), "days", lifetime.toDays()));
        return token;
    }

    @Transactional
    public void revoke(GreenexUser user, long tokenId) {
        int n = jdbc.sql("UPDATE api_tokens SET revoked_at = now() WHERE id = ? AND user_id = ? AND revoked_at IS NULL")
                .params(tokenId, user.id()).update();
        if (n == 0) {
            throw new IllegalArgumentException("user " + user.getUsername() + " has no active token " + tokenId);
        }
        audit.append(user.getUsername(), AuditAction.API_TOKEN_REVOKED, "api_token:" + tokenId, Map.of());
    }

    /** Revokes every active token of the user (a lost laptop, a leaked script); returns how many. */
    @Transactional
    public int revokeAll(GreenexUser user) {
        int n = jdbc.sql("UPDATE api_tokens SET revoked_at = now() WHERE user_id = ? AND revoked_at IS NULL").param(user.id()).update();
        audit.append(user.getUsername(), AuditAction.API_TOKEN_REVOKED, "user:" + user.getUsername(), Map.of("all", true, "revoked", n));
        return n;
    }

    public List<Token> of(GreenexUser user) {
        return jdbc.sql("SELECT id, name, scopes, created_at, expires_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = ? ORDER BY id DESC")
                .param(user.id())
                .query((rs, i) -> new Token(rs.getLong(1), rs.getString(2), scopes((String[]) rs.getArray(3).getArray()),
                        rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(),
                        rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant(),
                        rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant()))
                .list();
    }

    private static java.util.Set<Scope> scopes(String[] wire) {
        java.util.Set<Scope> out = java.util.EnumSet.noneOf(Scope.class);
        for (String w : wire) {
            out.add(Scope.of(w));
        }
        return out;
    }

    /** The enabled user behind an active, unexpired token, with the token's scopes. */
    public Optional<Authenticated> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        record Row(long userId, String[] scopes) {
        }
        Optional<Row> row = jdbc.sql("UPDATE api_tokens SET last_used_at = now() WHERE token_sha256 = ? AND revoked_at IS NULL AND expires_at > now() "
                        + "RETURNING user_id, scopes")
                .param(sha256(token)).query((rs, i) -> new Row(rs.getLong(1), (String[]) rs.getArray(2).getArray())).optional();
        return row.flatMap(r -> users.findById(r.userId()).filter(GreenexUser::isEnabled).map(u -> new Authenticated(u, scopes(r.scopes()))));
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }
}
