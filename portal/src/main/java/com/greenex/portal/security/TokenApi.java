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

    public record NewToken(String name) {
    }

    public record CreatedToken(String name, String token, String note) {
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
        return new CreatedToken(name, tokens.create(user, name), "shown once: keep it; send it as Authorization: Bearer <token>");
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
