package com.greenex.market;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * A cleared interval: the market-model.md output.
 *
 * @param clearingPrice     the uniform price; {@code null} when nobody trades ({@link SolveMethod#NO_TRADE})
 * @param rounds            clearings of the paper's iteration plus best-response moves; 0 without bidding
 * @param equilibrium       {@link #VERIFIED}, or a sentence saying why the final quotes are not a verified equilibrium
 * @param participants      in input order
 * @param history           one entry per round, in order
 */
public record MarketResult(String interval, MarketType marketType, BigDecimal supplyKwh, BigDecimal demandKwh,
                           BigDecimal clearingPrice, int rounds, String equilibrium, SolveMethod method,
                           List<ParticipantResult> participants, List<RoundSummary> history) {

    public static final String VERIFIED = "VERIFIED";

    public MarketResult {
        participants = List.copyOf(participants);
        history = List.copyOf(history);
    }

    public boolean equilibriumVerified() {
        return VERIFIED.equals(equilibrium);
    }

    public Optional<BigDecimal> price() {
        return Optional.ofNullable(clearingPrice);
    }

    public Optional<ParticipantResult> participant(String id) {
        return participants.stream().filter(p -> p.id().equals(id)).findFirst();
    }
}
