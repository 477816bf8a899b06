package com.greenex.portal.api;

import com.greenex.portal.chain.TradeProofs;
import com.greenex.portal.query.IntervalDetail;
import com.greenex.portal.query.IntervalSummary;
import com.greenex.portal.query.MarketQueries;
import com.greenex.portal.query.TradeRow;
import com.greenex.portal.security.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.NoSuchElementException;

@RestController
@RequestMapping("/api")
@Tag(name = "market", description = "Intervals, their results and trades, and the trades' proofs on chain")
@SecurityRequirement(name = "basic")
@SecurityRequirement(name = "token")
public class MarketApi {

    /** One page of a list, with the total to page through. */
    public record Page<T>(long total, int page, int size, List<T> items) {
    }

    private final MarketQueries queries;
    private final TradeProofs proofs;

    public MarketApi(MarketQueries queries, TradeProofs proofs) {
        this.queries = queries;
        this.proofs = proofs;
    }

    @GetMapping("/intervals")
    @Operation(summary = "Intervals, latest first: start, market type, clearing price, status, settlement transactions")
    public Page<IntervalSummary> intervals(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        Paging.check(page, size);
        return new Page<>(queries.intervalCount(), page, size, queries.intervals(page * size, size));
    }

    @GetMapping("/intervals/{id}")
    @Operation(summary = "One interval: the engine's result with trades and their on-chain references (a participant sees its own rows)")
    public IntervalDetail interval(@PathVariable long id, Authentication auth) {
        return queries.detail(id, Viewer.of(auth)).orElseThrow(() -> new NoSuchElementException("no interval " + id));
    }

    @GetMapping("/trades/{id}/proof")
    @Operation(summary = "A trade's Merkle proof, the interval's root on chain and the contract's verdict")
    public TradeProofs.Proof proof(@PathVariable long id, Authentication auth) throws Exception {
        return proofs.proof(id, Viewer.of(auth));
    }

    @GetMapping("/participants/{participant}/trades")
    @Operation(summary = "A participant's trades, newest first (a participant may ask only for its own)")
    public Page<TradeRow> participantTrades(@PathVariable String participant, @RequestParam(defaultValue = "0") int page,
                                            @RequestParam(defaultValue = "50") int size, Authentication auth) {
        Paging.check(page, size);
        Viewer viewer = Viewer.of(auth);
        viewer.requireMaySee(participant);
        return new Page<>(queries.tradeCount(viewer, participant), page, size, queries.trades(viewer, participant, page * size, size));
    }
}
