package com.greenex.portal.market;

import com.greenex.portal.security.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A participant's own terms, for its trading client (its API token with the {@code trade} scope) or its user. */
@RestController
@RequestMapping("/api/participants/{id}")
@Tag(name = "prices", description = "A participant's price preferences (AUTOMATIC or stated limits, per time of day) and per-interval overrides")
@SecurityRequirement(name = "basic")
@SecurityRequirement(name = "token")
class PricesApi {

    /** An override for one interval: the lowest sell price, the highest buy price, or both. */
    public record QuoteBody(BigDecimal minSellPrice, BigDecimal maxBuyPrice) {
    }

    private final PricePreferences prices;
    private final ParticipantEvents events;

    PricesApi(PricePreferences prices, ParticipantEvents events) {
        this.prices = prices;
        this.events = events;
    }

    @GetMapping(value = "/events", produces = "text/event-stream")
    @Operation(summary = "Server-sent events for the participant's trading client: opened (an interval, with its gate closure), "
            + "cleared (its own result), settled (with the transactions)")
    public org.springframework.web.servlet.mvc.method.annotation.SseEmitter events(@PathVariable String id, Authentication auth) {
        return events.subscribe(Viewer.of(auth), id);
    }

    @GetMapping("/prices")
    @Operation(summary = "The participant's price preferences: {\"mode\":\"AUTOMATIC\"} unless it stated limits")
    public PricePreferences.Preferences get(@PathVariable String id, Authentication auth) {
        return prices.get(Viewer.of(auth), id);
    }

    @PutMapping("/prices")
    @Operation(summary = "Set the participant's own price preferences: {\"mode\":\"AUTOMATIC\"} or {\"mode\":\"LIMITS\",\"minSellPrice\":\"0.55\","
            + "\"maxBuyPrice\":\"0.95\",\"schedule\":[{\"from\":\"17:00\",\"to\":\"21:00\",\"minSellPrice\":\"0.80\"}]} (times UTC+8); "
            + "each price is judged by the quote rules (400 naming the field and the rule)")
    public PricePreferences.Preferences put(@PathVariable String id, @RequestBody PricePreferences.Preferences body, Authentication auth) {
        return prices.set(Viewer.of(auth), id, body);
    }

    @PutMapping("/intervals/{start}/quote")
    @Operation(summary = "Override the limits for one interval until its gate closes (409 after)")
    public PricePreferences.Override quote(@PathVariable String id, @PathVariable Instant start, @RequestBody QuoteBody body, Authentication auth) {
        return prices.override(Viewer.of(auth), id, start, body == null ? null : body.minSellPrice(), body == null ? null : body.maxBuyPrice());
    }

    @GetMapping("/prices/history")
    @Operation(summary = "What applied in the participant's latest intervals: the price in force, its source, a refusal's rule and reason, the result")
    public List<PricePreferences.Applied> history(@PathVariable String id, @RequestParam(defaultValue = "50") int limit, Authentication auth) {
        return prices.history(Viewer.of(auth), id, limit);
    }
}
