package com.greenex.market;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * A cleared interval: the market-model.md output.
 *
 * @param clearingPrice     the uniform price; {@code null} when nobody trades ({@link SolveMethod#NO_TRADE})
 * @param rounds            clearings of the paper's iteration plus best-response moves; 0 without bidding
 * @param equilibrium       verified, not applicable (no bidding) or not reached, with the reason
 * @param participants      in input order
 * @param history           one entry per round, in order
 */
public record MarketResult(String interval, MarketType marketType, BigDecimal supplyKwh, BigDecimal demandKwh,
                           BigDecimal clearingPrice, int rounds, Equilibrium equilibrium, SolveMethod method,
                           List<ParticipantResult> participants, List<RoundSummary> history) {

    public MarketResult {
        java.util.Objects.requireNonNull(equilibrium, "equilibrium");
        participants = List.copyOf(participants);
        history = List.copyOf(history);
    }

    public boolean equilibriumVerified() {
        return equilibrium.verified();
    }

    public Optional<ParticipantResult> participant(String id) {
        return participants.stream().filter(p -> p.id().equals(id)).findFirst();
    }
}
