package com.greenex.market;

import java.math.BigDecimal;

/** Test-data builders: {@code aSeller("E").surplusKwh("12").soc("86").build()}. */
final class Participants {

    private Participants() {
    }

    static Builder aSeller(String id) {
        return new Builder(id, Side.SELL);
    }

    static Builder aBuyer(String id) {
        return new Builder(id, Side.BUY);
    }

    static final class Builder {
        private final String id;
        private final Side side;
        private BigDecimal energy = BigDecimal.ONE;
        private BigDecimal capacity;
        private BigDecimal soc;
        private BigDecimal reservation;

        private Builder(String id, Side side) {
            this.id = id;
            this.side = side;
        }

        Builder surplusKwh(String kwh) {
            energy = new BigDecimal(kwh);
            return this;
        }

        Builder deficitKwh(String kwh) {
            energy = new BigDecimal(kwh);
            return this;
        }

        Builder battery(String capacityKwh, String socPercent) {
            capacity = new BigDecimal(capacityKwh);
            soc = new BigDecimal(socPercent);
            return this;
        }

        /** A 50 kWh battery, as in every example of the paper. */
        Builder soc(String socPercent) {
            return battery("50", socPercent);
        }

        Builder reservationPrice(String price) {
            reservation = new BigDecimal(price);
            return this;
        }

        Participant build() {
            return new Participant(id, side, energy, capacity == null ? null : new Battery(capacity, soc), reservation);
        }
    }

    /** The paper's grid: 0.40 feed-in, 1.10 retail, 0.01 tick. */
    static Interval paperInterval(Participant... participants) {
        return new Interval("test", new BigDecimal("0.40"), new BigDecimal("1.10"), new BigDecimal("0.01"),
                java.util.List.of(participants));
    }
}
