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
 * the user who created it, with that user's roles; only its SHA-256 is stored, so it is shown once.
 */
@Service
public class ApiTokens {

    public static final String PREFIX = "gx_";

    public record Token(long id, String name, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {
    }

    private final JdbcClient jdbc;
    private final Users users;
    private final AuditLog audit;
    private final SecureRandom random = new SecureRandom();

    public ApiTokens(JdbcClient jdbc, Users users, AuditLog audit) {
        this.jdbc = jdbc;
        this.users = users;
        this.audit = audit;
    }

    /** Creates a token for the user and returns it: the only time it is seen. */
    @Transactional
    public String create(GreenexUser user, String name) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new IllegalArgumentException("a token needs a name of 1 to 100 characters, got " + (name == null ? "none" : name.length() + " characters"));
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        long id = jdbc.sql("INSERT INTO api_tokens (user_id, name, token_sha256) VALUES (?, ?, ?) RETURNING id")
                .params(user.id(), name.strip(), sha256(token)).query(Long.class).single();
        audit.append(user.getUsername(), AuditAction.API_TOKEN_CREATED, "api_token:" + id, Map.of("name", name.strip()));
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

    public List<Token> of(GreenexUser user) {
        return jdbc.sql("SELECT id, name, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = ? ORDER BY id DESC")
                .param(user.id())
                .query((rs, i) -> new Token(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant(),
                        rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant()))
                .list();
    }

    /** The enabled user behind an active token. */
    public Optional<GreenexUser> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        Optional<Long> userId = jdbc.sql("UPDATE api_tokens SET last_used_at = now() WHERE token_sha256 = ? AND revoked_at IS NULL RETURNING user_id")
                .param(sha256(token)).query(Long.class).optional();
        return userId.flatMap(users::findById).filter(GreenexUser::isEnabled);
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }
}
