package com.greenex.market;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One trading interval as the market engine clears it: the grid's prices, the tick, and every
 * admitted participant with its role.
 *
 * @param label           free text naming the interval (an ISO time in the product)
 * @param gridFeedInPrice {@code p_fit}, what the grid pays per kWh; a multiple of the tick, at least 0
 * @param gridRetailPrice {@code p_grid}, what the grid charges per kWh; a multiple of the tick, above {@code p_fit}
 * @param priceTick       the quote grid, greater than 0
 * @param participants    unique ids; order is kept in the result
 */
public record Interval(String label, BigDecimal gridFeedInPrice, BigDecimal gridRetailPrice, BigDecimal priceTick,
                       List<Participant> participants) {

    /** More ticks than this between the grid prices is not a price grid but a typo. */
    public static final long MAX_TICKS = 1_000_000;

    public Interval {
        if (label == null) {
            throw new InvalidIntervalException(null, "interval", "missing");
        }
        require(gridFeedInPrice, "gridFeedInPrice");
        require(gridRetailPrice, "gridRetailPrice");
        require(priceTick, "priceTick");
        if (participants == null) {
            throw new InvalidIntervalException(null, "participants", "missing");
        }
        if (priceTick.signum() <= 0) {
            throw new InvalidIntervalException(null, "priceTick", priceTick.toPlainString() + " must be greater than 0");
        }
        if (gridFeedInPrice.signum() < 0) {
            throw new InvalidIntervalException(null, "gridFeedInPrice", gridFeedInPrice.toPlainString() + " must not be negative");
        }
        if (gridRetailPrice.compareTo(gridFeedInPrice) <= 0) {
            throw new InvalidIntervalException(null, "gridRetailPrice", gridRetailPrice.toPlainString()
                    + " must be above gridFeedInPrice " + gridFeedInPrice.toPlainString());
        }
        requireOnTick(null, "gridFeedInPrice", gridFeedInPrice, priceTick);
        requireOnTick(null, "gridRetailPrice", gridRetailPrice, priceTick);
        BigDecimal ticks = gridRetailPrice.subtract(gridFeedInPrice).divide(priceTick);
        if (ticks.compareTo(BigDecimal.valueOf(MAX_TICKS)) > 0) {
            throw new InvalidIntervalException(null, "priceTick", priceTick.toPlainString() + " gives " + ticks.toPlainString()
                    + " ticks between the grid prices, more than " + MAX_TICKS);
        }
        participants = List.copyOf(participants);
        Set<String> ids = new HashSet<>();
        for (Participant p : participants) {
            if (!ids.add(p.id())) {
                throw new InvalidIntervalException(p.id(), "id", "duplicate id");
            }
            p.statedReservationPrice().ifPresent(r -> {
                if (r.compareTo(gridFeedInPrice) < 0 || r.compareTo(gridRetailPrice) > 0) {
                    throw new InvalidIntervalException(p.id(), "reservationPrice", r.toPlainString() + " is outside the grid prices ["
                            + gridFeedInPrice.toPlainString() + ", " + gridRetailPrice.toPlainString() + "]");
                }
                requireOnTick(p.id(), "reservationPrice", r, priceTick);
            });
        }
    }

    private static void require(BigDecimal value, String field) {
        if (value == null) {
            throw new InvalidIntervalException(null, field, "missing");
        }
    }

    private static void requireOnTick(String participantId, String field, BigDecimal value, BigDecimal tick) {
        if (value.remainder(tick).signum() != 0) {
            throw new InvalidIntervalException(participantId, field, value.toPlainString() + " is not on the price tick " + tick.toPlainString());
        }
    }
}
