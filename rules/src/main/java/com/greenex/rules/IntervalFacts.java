package com.greenex.rules;

import java.util.List;

/** What the rules need to judge one interval: standings, positions, the price grid, quotes, dispatch and closed gates. */
public record IntervalFacts(List<Standing> standings, List<NetPosition> positions, List<PriceGrid> priceGrids,
                            List<Quote> quotes, List<Dispatch> dispatches, List<GateClosed> closedGates) {

    /** Without closed gates: the quotes judged at gate closure itself. */
    public IntervalFacts(List<Standing> standings, List<NetPosition> positions, List<PriceGrid> priceGrids, List<Quote> quotes, List<Dispatch> dispatches) {
        this(standings, positions, priceGrids, quotes, dispatches, List.of());
    }

    public IntervalFacts {
        closedGates = List.copyOf(closedGates);
        standings = List.copyOf(standings);
        positions = List.copyOf(positions);
        priceGrids = List.copyOf(priceGrids);
        quotes = List.copyOf(quotes);
        dispatches = List.copyOf(dispatches);
    }
}
