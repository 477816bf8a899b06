package com.greenex.portal.trades;

import com.greenex.portal.config.Paging;
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

@RestController
@RequestMapping("/api")
@Tag(name = "trades", description = "Trades with their settlement on chain, and their Merkle proofs")
@SecurityRequirement(name = "basic")
@SecurityRequirement(name = "token")
class TradesApi {

    private final TradeQueries queries;
    private final TradeProofs proofs;

    TradesApi(TradeQueries queries, TradeProofs proofs) {
        this.queries = queries;
        this.proofs = proofs;
    }

    @GetMapping("/trades/{id}/proof")
    @Operation(summary = "A trade's Merkle proof, the interval's root on chain and the contract's verdict")
    public TradeProofs.Proof proof(@PathVariable long id, Authentication auth) {
        return proofs.proof(id, Viewer.of(auth));
    }

    @GetMapping("/participants/{participant}/trades")
    @Operation(summary = "A participant's trades, newest first (a participant may ask only for its own)")
    public Paging.Page<TradeRow> participantTrades(@PathVariable String participant, @RequestParam(defaultValue = "0") int page,
                                            @RequestParam(defaultValue = "50") int size, Authentication auth) {
        int offset = Paging.offset(page, size);
        Viewer viewer = Viewer.of(auth);
        viewer.requireMaySee(participant);
        return new Paging.Page<>(queries.tradeCount(viewer, participant), page, size, queries.trades(viewer, participant, offset, size));
    }
}
