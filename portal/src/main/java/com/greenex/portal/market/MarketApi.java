package com.greenex.portal.market;

import com.greenex.portal.config.Paging;
import com.greenex.portal.security.GreenexUser;
import com.greenex.portal.security.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
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
import java.util.NoSuchElementException;

@RestController
@RequestMapping("/api")
@Tag(name = "market", description = "Intervals and their results; pausing the market (audited)")
@SecurityRequirement(name = "basic")
@SecurityRequirement(name = "token")
class MarketApi {

    public record Pause(Boolean paused, String reason) {
    }

    /** A trading client's forecast: the surplus (+) or deficit (-) it expects for the interval before its battery, kWh. */
    public record ForecastBody(BigDecimal energyKwh) {
    }

    public record ClearAgain(String reason) {
    }

    private final MarketQueries queries;
    private final MarketPause pause;
    private final Forecasts forecasts;
    private final IntervalRetry retry;

    MarketApi(MarketQueries queries, MarketPause pause, Forecasts forecasts, IntervalRetry retry) {
        this.queries = queries;
        this.pause = pause;
        this.forecasts = forecasts;
        this.retry = retry;
    }

    @org.springframework.web.bind.annotation.PostMapping("/intervals/{id}/clear-again")
    @PreAuthorize("hasAnyRole('ADMIN', 'DISPATCHER')")
    @org.springframework.web.bind.annotation.ResponseStatus(org.springframework.http.HttpStatus.ACCEPTED)
    @Operation(summary = "Clear a FAILED interval again before its start (409 after it, or when it is not FAILED); needs a reason, audited")
    public IntervalDetail clearAgain(@PathVariable long id, @RequestBody ClearAgain body, @AuthenticationPrincipal GreenexUser user, Authentication auth) {
        retry.clearAgain(id, user.getUsername(), body == null ? null : body.reason());
        return queries.detail(id, Viewer.of(auth)).orElseThrow();
    }

    @PutMapping("/participants/{id}/intervals/{start}/forecast")
    @Operation(summary = "A participant's own forecast for an interval (its token), until the interval's gate closes (409 after); "
            + "used at gate closure instead of the platform's forecast")
    public Forecasts.Forecast forecast(@PathVariable String id, @PathVariable Instant start, @RequestBody ForecastBody body, Authentication auth) {
        return forecasts.submit(Viewer.of(auth), id, start, body == null ? null : body.energyKwh());
    }

    @GetMapping("/intervals")
    @Operation(summary = "Intervals, latest first, each a zone's: zone, start, market type, clearing price, status, settlement transactions; ?zone= for one zone")
    public Paging.Page<IntervalSummary> intervals(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
                                                  @RequestParam(required = false) String zone) {
        int offset = Paging.offset(page, size);
        queries.requireZone(zone);
        return new Paging.Page<>(queries.intervalCount(zone), page, size, queries.intervals(zone, offset, size));
    }

    @GetMapping("/zones")
    @Operation(summary = "The market's zones: each clears every interval on its own")
    public List<String> zones() {
        return queries.zones();
    }

    @GetMapping("/intervals/{id}")
    @Operation(summary = "One interval: the engine's result with trades and their on-chain references (a participant sees its own rows)")
    public IntervalDetail interval(@PathVariable long id, Authentication auth) {
        return queries.detail(id, Viewer.of(auth)).orElseThrow(() -> new NoSuchElementException("no interval " + id));
    }

    @PutMapping("/settings/market-paused")
    @PreAuthorize("hasAnyRole('ADMIN', 'DISPATCHER')")
    @Operation(summary = "Pause or resume clearing (settlement goes on); needs a reason, written to the audit log")
    public Pause pause(@RequestBody Pause body, @AuthenticationPrincipal GreenexUser user) {
        if (body == null || body.paused() == null) {
            throw new IllegalArgumentException("body needs \"paused\": true or false, and a \"reason\"");
        }
        pause.set(body.paused(), user.getUsername(), body.reason());
        return new Pause(pause.paused(), body.reason());
    }
}
