package com.greenex.portal.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
@Tag(name = "access", description = "API tokens of the signed-in user (audited)")
@SecurityRequirement(name = "basic")
@SecurityRequirement(name = "token")
class TokenApi {

    /**
     * @param scopes        read (default), trade, operate
     * @param expiresInDays 1 to 365 (default 90)
     */
    public record NewToken(String name, List<String> scopes, Integer expiresInDays) {
    }

    public record CreatedToken(String name, String token, List<String> scopes, int expiresInDays, String note) {
    }

    public record Revoked(int revoked) {
    }

    private final ApiTokens tokens;

    TokenApi(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @PostMapping("/api/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an API token acting as the signed-in user; it is shown this once")
    public CreatedToken create(@RequestBody NewToken body, @AuthenticationPrincipal GreenexUser user) {
        String name = body == null ? null : body.name();
        List<String> wire = body == null || body.scopes() == null ? List.of("read") : body.scopes();
        java.util.Set<ApiTokens.Scope> scopes = java.util.EnumSet.noneOf(ApiTokens.Scope.class);
        for (String w : wire) {
            scopes.add(ApiTokens.Scope.of(w));
        }
        int days = body == null || body.expiresInDays() == null ? (int) ApiTokens.DEFAULT_LIFETIME.toDays() : body.expiresInDays();
        String token = tokens.create(user, name, scopes, java.time.Duration.ofDays(days));
        return new CreatedToken(name, token, scopes.stream().map(ApiTokens.Scope::wire).sorted().toList(), days,
                "shown once: keep it; send it as Authorization: Bearer <token>");
    }

    @DeleteMapping("/api/tokens")
    @Operation(summary = "Revoke every token of the signed-in user at once")
    public Revoked revokeAll(@AuthenticationPrincipal GreenexUser user) {
        return new Revoked(tokens.revokeAll(user));
    }

    @GetMapping("/api/tokens")
    @Operation(summary = "The signed-in user's tokens (never the tokens themselves)")
    public List<ApiTokens.Token> list(@AuthenticationPrincipal GreenexUser user) {
        return tokens.of(user);
    }

    @DeleteMapping("/api/tokens/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void revoke(@PathVariable long id, @AuthenticationPrincipal GreenexUser user) {
        tokens.revoke(user, id);
    }
}
