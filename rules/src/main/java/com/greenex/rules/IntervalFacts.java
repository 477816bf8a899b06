package com.greenex.rules;

import java.util.List;

/** What the rules need to judge one interval: standings, positions, the price grid, quotes and dispatch. */
public record IntervalFacts(List<Standing> standings, List<NetPosition> positions, List<PriceGrid> priceGrids,
                            List<Quote> quotes, List<Dispatch> dispatches) {

    public IntervalFacts {
        standings = List.copyOf(standings);
        positions = List.copyOf(positions);
        priceGrids = List.copyOf(priceGrids);
        quotes = List.copyOf(quotes);
        dispatches = List.copyOf(dispatches);
    }
}
