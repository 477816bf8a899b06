package com.greenex.portal.api;

import com.greenex.portal.security.ApiTokens;
import com.greenex.portal.security.GreenexUser;
import com.greenex.portal.settings.Settings;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
@Tag(name = "access and settings", description = "API tokens of the signed-in user; settings that change at run time (audited)")
@SecurityRequirement(name = "basic")
@SecurityRequirement(name = "token")
public class AccessApi {

    public record NewToken(String name) {
    }

    public record CreatedToken(String name, String token, String note) {
    }

    public record MarketPause(Boolean paused, String reason) {
    }

    private final ApiTokens tokens;
    private final Settings settings;

    public AccessApi(ApiTokens tokens, Settings settings) {
        this.tokens = tokens;
        this.settings = settings;
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

    @PutMapping("/api/settings/market-paused")
    @PreAuthorize("hasAnyRole('ADMIN', 'DISPATCHER')")
    @Operation(summary = "Pause or resume clearing (settlement goes on); needs a reason, written to the audit log")
    public MarketPause pause(@RequestBody MarketPause body, @AuthenticationPrincipal GreenexUser user) {
        if (body == null || body.paused() == null) {
            throw new IllegalArgumentException("body needs \"paused\": true or false, and a \"reason\"");
        }
        settings.setMarketPaused(body.paused(), user.getUsername(), body.reason());
        return new MarketPause(settings.marketPaused(), body.reason());
    }
}
