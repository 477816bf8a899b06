package com.greenex.market;

import com.greenex.market.internal.BiddingGame;
import com.greenex.market.internal.Game;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Clears one interval as market-model.md specifies: reservation prices from SOC, market type, the
 * uniform-price clearing with the marginal m / m+1 rule, the bidding game to a verified Nash
 * equilibrium, then storage first and the grid last. Stateless and thread-safe.
 */
public final class MarketEngine {

    private static final int SCALE = Participant.MAX_DECIMALS;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final EngineOptions options;

    public MarketEngine() {
        this(EngineOptions.DEFAULTS);
    }

    public MarketEngine(EngineOptions options) {
        this.options = options;
    }

    public MarketResult clear(Interval interval) {
        Prices prices = new Prices(interval.gridFeedInPrice(), interval.priceTick(),
                interval.gridRetailPrice().subtract(interval.gridFeedInPrice()).divide(interval.priceTick()).intValueExact());
        List<Participant> ps = interval.participants();
        int count = ps.size();
        long[] energy = new long[count];
        int[] reservation = new int[count];
        long supply = 0;
        long demand = 0;
        for (int i = 0; i < count; i++) {
            Participant p = ps.get(i);
            energy[i] = p.energyKwh().movePointRight(SCALE).longValueExact();
            reservation[i] = reservationTick(p, prices);
            if (p.side() == Side.SELL) {
                supply = Math.addExact(supply, energy[i]);
            } else {
                demand = Math.addExact(demand, energy[i]);
            }
        }

        MarketType type = supply > demand ? MarketType.BUYERS_MARKET
                : supply < demand ? MarketType.SELLERS_MARKET : MarketType.BALANCED;
        long[] market = new long[count];
        int[] quoteTick = new int[count];
        int[] rank = new int[count];
        Arrays.fill(quoteTick, -1);
        List<RoundSummary> history = List.of();
        Integer priceTick;
        SolveMethod method;
        Equilibrium equilibrium;
        int rounds = 0;

        long shortSide = Math.min(supply, demand);
        if (shortSide == 0) {
            method = SolveMethod.NO_TRADE;
            priceTick = null;
            equilibrium = new Equilibrium.NotApplicable("one side is empty, nobody trades");
        } else if (type == MarketType.BALANCED) {
            method = SolveMethod.BALANCED;
            // (choice) mid-market rate, rounded half-up to the tick.
            priceTick = (prices.ticks() + 1) / 2;
            System.arraycopy(energy, 0, market, 0, count);
            equilibrium = new Equilibrium.NotApplicable("balanced market, no bidding");
        } else {
            Side competing = type == MarketType.BUYERS_MARKET ? Side.SELL : Side.BUY;
            boolean mirrored = competing == Side.BUY;
            int[] members = members(ps, competing);
            int n = members.length;
            long[] e = new long[n];
            int[] r = new int[n];
            for (int k = 0; k < n; k++) {
                e[k] = energy[members[k]];
                r[k] = mirrored ? prices.ticks() - reservation[members[k]] : reservation[members[k]];
            }
            Integer[] byId = new Integer[n];
            for (int k = 0; k < n; k++) {
                byId[k] = k;
            }
            // Round 1 ties: by reservation price (the sort key itself), then by id.
            Arrays.sort(byId, Comparator.comparing(k -> ps.get(members[k]).id()));
            int[] tieOrder = new int[n];
            for (int k = 0; k < n; k++) {
                tieOrder[k] = byId[k];
            }
            Game game = new Game(e, r, prices.ticks(), shortSide, tieOrder);
            BiddingGame.Outcome outcome = BiddingGame.play(game, options);
            int gamePrice = game.price();
            priceTick = mirrored ? prices.ticks() - gamePrice : gamePrice;
            for (int k = 0; k < n; k++) {
                int who = members[k];
                market[who] = game.served(k);
                int q = game.quote(k);
                quoteTick[who] = mirrored ? prices.ticks() - q : q;
                rank[who] = game.position(k) + 1;
            }
            for (int i = 0; i < count; i++) {
                if (ps.get(i).side() != competing) {
                    market[i] = energy[i];
                }
            }
            method = outcome.method();
            equilibrium = outcome.verified() ? Equilibrium.verifiedNow() : new Equilibrium.NotReached(outcome.failure());
            rounds = outcome.rounds();
            history = summaries(outcome, ps, members, prices, mirrored);
        }

        BigDecimal clearingPrice = priceTick == null ? null : prices.price(priceTick);
        List<ParticipantResult> results = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            results.add(dispatch(ps.get(i), energy[i], market[i], prices.price(reservation[i]),
                    quoteTick[i] < 0 ? null : prices.price(quoteTick[i]), rank[i], clearingPrice,
                    interval.gridFeedInPrice(), interval.gridRetailPrice()));
        }
        return new MarketResult(interval.label(), type, kwh(supply), kwh(demand), clearingPrice, rounds, equilibrium,
                method, results, history);
    }

    /** Storage first, grid last (market-model.md, "After the market"). */
    private static ParticipantResult dispatch(Participant p, long energy, long market, BigDecimal reservation,
                                              BigDecimal quote, int rank, BigDecimal clearingPrice,
                                              BigDecimal feedIn, BigDecimal retail) {
        long rest = energy - market;
        long battery = 0;
        BigDecimal socAfter = null;
        Battery b = p.battery();
        if (b != null) {
            // Storage first within the battery's limits (SOC floor and ceiling, power, efficiency), in energy units.
            long available = b.availableKwh(p.side()).movePointRight(SCALE).longValueExact();
            battery = Math.min(rest, available);
            socAfter = strip(b.socAfter(p.side(), kwh(battery)));
        }
        long grid = rest - battery;
        BigDecimal marketKwh = kwh(market);
        BigDecimal gridKwh = kwh(grid);
        BigDecimal marketAmount = clearingPrice == null || market == 0 ? BigDecimal.ZERO : strip(clearingPrice.multiply(marketKwh));
        BigDecimal gridAmount = grid == 0 ? BigDecimal.ZERO : strip((p.side() == Side.SELL ? feedIn : retail).multiply(gridKwh));
        return new ParticipantResult(p.id(), p.side(), reservation, quote, rank, marketKwh, kwh(battery), gridKwh,
                socAfter, marketAmount, gridAmount);
    }

    private static List<RoundSummary> summaries(BiddingGame.Outcome outcome, List<Participant> ps, int[] members,
                                                Prices prices, boolean mirrored) {
        List<RoundSummary> out = new ArrayList<>(outcome.history().size());
        for (BiddingGame.Round r : outcome.history()) {
            List<RoundSummary.Quote> quotes = new ArrayList<>();
            if (r.orderOrNull() != null) {
                for (int i = 0; i < r.orderOrNull().length; i++) {
                    int q = r.quoteAtOrNull()[i];
                    quotes.add(new RoundSummary.Quote(ps.get(members[r.orderOrNull()[i]]).id(),
                            prices.price(mirrored ? prices.ticks() - q : q), kwh(r.servedOrNull()[i])));
                }
            }
            int price = mirrored ? prices.ticks() - r.price() : r.price();
            out.add(new RoundSummary(r.number(), r.phase(), prices.price(price), r.gainers(), quotes));
        }
        return out;
    }

    private static int[] members(List<Participant> ps, Side side) {
        int n = 0;
        for (Participant p : ps) {
            if (p.side() == side) {
                n++;
            }
        }
        int[] members = new int[n];
        int k = 0;
        for (int i = 0; i < ps.size(); i++) {
            if (ps.get(i).side() == side) {
                members[k++] = i;
            }
        }
        return members;
    }

    /**
     * r = p_fit + (p_grid - p_fit) * (1 - SOC / 100), rounded half-up to the tick; without a battery a
     * seller counts as full and a buyer as empty; a stated price wins.
     */
    private static int reservationTick(Participant p, Prices prices) {
        if (p.reservationPrice() != null) {
            return p.reservationPrice().subtract(prices.feedIn()).divide(prices.tick()).intValueExact();
        }
        if (p.battery() == null) {
            return p.side() == Side.SELL ? 0 : prices.ticks();
        }
        BigDecimal emptyShare = HUNDRED.subtract(p.battery().socPercent());
        return BigDecimal.valueOf(prices.ticks()).multiply(emptyShare).movePointLeft(2)
                .setScale(0, RoundingMode.HALF_UP).intValueExact();
    }

    private static BigDecimal kwh(long units) {
        return units == 0 ? BigDecimal.ZERO : strip(BigDecimal.valueOf(units, SCALE));
    }

    private static BigDecimal strip(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    /** The tick grid from p_fit (tick 0) to p_grid (tick {@code ticks}); prices are shared, not re-made. */
    private static final class Prices {
        private static final int CACHED_TICKS = 1 << 16;
        private final BigDecimal feedIn;
        private final BigDecimal tick;
        private final int ticks;
        private final BigDecimal[] cache;

        Prices(BigDecimal feedIn, BigDecimal tick, int ticks) {
            this.feedIn = feedIn;
            this.tick = tick;
            this.ticks = ticks;
            this.cache = new BigDecimal[Math.min(ticks, CACHED_TICKS) + 1];
        }

        BigDecimal feedIn() {
            return feedIn;
        }

        BigDecimal tick() {
            return tick;
        }

        int ticks() {
            return ticks;
        }

        BigDecimal price(int t) {
            if (t < cache.length) {
                BigDecimal p = cache[t];
                if (p == null) {
                    p = compute(t);
                    cache[t] = p;
                }
                return p;
            }
            return compute(t);
        }

        private BigDecimal compute(int t) {
            BigDecimal p = feedIn.add(tick.multiply(BigDecimal.valueOf(t)));
            return p.setScale(Math.max(tick.scale(), feedIn.scale()), RoundingMode.UNNECESSARY);
        }
    }
}
