package com.greenex.portal.market;

import com.greenex.market.Side;
import com.greenex.portal.security.Viewer;
import com.greenex.rules.Finding;
import com.greenex.rules.GateClosed;
import com.greenex.rules.IntervalFacts;
import com.greenex.rules.MarketRules;
import com.greenex.rules.NetPosition;
import com.greenex.rules.PriceGrid;
import com.greenex.rules.Quote;
import com.greenex.rules.Standing;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A participant's own terms: {@link Mode#AUTOMATIC} (the engine's reservation price from its
 * battery's state of charge, the default) or stated {@link Mode#LIMITS} (the lowest price it sells
 * at, the highest it buys at), optionally different per time of day (windows in the market's time,
 * UTC+8), and an override for one interval until that interval's gate closes. Every stated price is
 * judged by the quote rules (on the tick, within the grid's prices, from an admitted participant),
 * each refusal named with its rule; at gate closure the rules judge it again in the participant's
 * role, and what was in force is kept with its position.
 */
@Service
public class PricePreferences {

    /** How a participant's reservation price is set. */
    public enum Mode {
        AUTOMATIC,
        LIMITS
    }

    /** Where the price in force for an interval came from. */
    public enum Source {
        AUTOMATIC,
        LIMITS,
        SCHEDULE,
        OVERRIDE
    }

    /** A time-of-day window (market time) with its own limits; {@code to} may be before {@code from} (over midnight). */
    public record Window(String from, String to, BigDecimal minSellPrice, BigDecimal maxBuyPrice) {
    }

    public record Preferences(Mode mode, BigDecimal minSellPrice, BigDecimal maxBuyPrice, List<Window> schedule) {
        public Preferences {
            schedule = schedule == null ? List.of() : List.copyOf(schedule);
        }

        static Preferences automatic() {
            return new Preferences(Mode.AUTOMATIC, null, null, List.of());
        }
    }

    /** A one-interval override. */
    public record Override(String participantId, Instant start, BigDecimal minSellPrice, BigDecimal maxBuyPrice, Instant submittedAt) {
    }

    /** The stated limits in force for an interval, and where they came from. */
    public record InForce(BigDecimal minSellPrice, BigDecimal maxBuyPrice, Source source) {
        public BigDecimal price(Side side) {
            return side == Side.SELL ? minSellPrice : maxBuyPrice;
        }
    }

    /** Market time: the simulated day and the tariff's time-of-day windows (China Standard Time). */
    static final ZoneOffset MARKET_TIME = ZoneOffset.ofHours(8);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CHECK = "preference";

    private final JdbcClient jdbc;
    private final MarketRules rules;
    private final MarketProperties market;
    private final IntervalLifecycle lifecycle;
    private final Clock clock;

    PricePreferences(JdbcClient jdbc, MarketRules rules, MarketProperties market, IntervalLifecycle lifecycle, Clock clock) {
        this.jdbc = jdbc;
        this.rules = rules;
        this.market = market;
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    public Preferences get(Viewer viewer, String participant) {
        viewer.requireMaySee(participant);
        return jdbc.sql("SELECT mode, min_sell_price, max_buy_price, schedule::text FROM price_preferences WHERE participant_id = ?")
                .param(participant)
                .query((rs, i) -> new Preferences(Mode.valueOf(rs.getString(1)), rs.getBigDecimal(2), rs.getBigDecimal(3), windows(rs.getString(4))))
                .optional().orElseGet(Preferences::automatic);
    }

    /**
     * @throws IllegalArgumentException naming the field and, for a price, the rule that refused it
     * @throws IllegalStateException    when the participant may not trade (not admitted, delisted)
     */
    @Transactional
    public Preferences set(Viewer viewer, String participant, Preferences p) {
        requireOwn(viewer, participant);
        if (p == null || p.mode() == null) {
            throw new IllegalArgumentException("mode: AUTOMATIC or LIMITS");
        }
        if (p.mode() == Mode.AUTOMATIC) {
            if (p.minSellPrice() != null || p.maxBuyPrice() != null || !p.schedule().isEmpty()) {
                throw new IllegalArgumentException("mode AUTOMATIC takes no minSellPrice, maxBuyPrice or schedule");
            }
        } else {
            require("minSellPrice", p.minSellPrice());
            require("maxBuyPrice", p.maxBuyPrice());
            judge(participant, "minSellPrice", Side.SELL, p.minSellPrice());
            judge(participant, "maxBuyPrice", Side.BUY, p.maxBuyPrice());
            for (int i = 0; i < p.schedule().size(); i++) {
                Window w = p.schedule().get(i);
                String at = "schedule[" + i + "]";
                time(at + ".from", w.from());
                time(at + ".to", w.to());
                if (w.from().equals(w.to())) {
                    throw new IllegalArgumentException(at + ": from and to are the same time");
                }
                if (w.minSellPrice() == null && w.maxBuyPrice() == null) {
                    throw new IllegalArgumentException(at + ": needs minSellPrice or maxBuyPrice");
                }
                if (w.minSellPrice() != null) {
                    judge(participant, at + ".minSellPrice", Side.SELL, w.minSellPrice());
                }
                if (w.maxBuyPrice() != null) {
                    judge(participant, at + ".maxBuyPrice", Side.BUY, w.maxBuyPrice());
                }
            }
            if (p.schedule().size() > 48) {
                throw new IllegalArgumentException("schedule: at most 48 windows, got " + p.schedule().size());
            }
        }
        jdbc.sql("""
                        INSERT INTO price_preferences (participant_id, mode, min_sell_price, max_buy_price, schedule, updated_at, updated_by)
                        VALUES (?, ?, ?, ?, ?::jsonb, ?, ?)
                        ON CONFLICT (participant_id) DO UPDATE SET mode = excluded.mode, min_sell_price = excluded.min_sell_price,
                            max_buy_price = excluded.max_buy_price, schedule = excluded.schedule, updated_at = excluded.updated_at,
                            updated_by = excluded.updated_by""")
                .params(participant, p.mode().name(), p.minSellPrice(), p.maxBuyPrice(), JSON.writeValueAsString(p.schedule()),
                        Timestamp.from(clock.instant()), viewer.username()).update();
        return get(viewer, participant);
    }

    /**
     * Overrides the limits for the interval starting at {@code start}, until its gate closes.
     *
     * @throws IllegalArgumentException naming the field or the rule that refused a price
     * @throws IllegalStateException    after the interval's gate closure, or when the participant may not trade
     */
    @Transactional
    public Override override(Viewer viewer, String participant, Instant start, BigDecimal minSellPrice, BigDecimal maxBuyPrice) {
        requireOwn(viewer, participant);
        if (minSellPrice == null && maxBuyPrice == null) {
            throw new IllegalArgumentException("minSellPrice or maxBuyPrice: at least one (the interval's role is known at its gate closure)");
        }
        long len = market.intervalLength().toMillis();
        if (start.toEpochMilli() % len != 0) {
            throw new IllegalArgumentException(start + " is not the start of an interval (they start every " + market.intervalLength() + ")");
        }
        Instant gate = start.minus(market.gateLead());
        Instant now = clock.instant();
        // The rules judge the gate too: after it closed (or once the interval left OPEN) the quote is refused by name.
        GateClosed closed = !now.isBefore(gate) || lifecycle.zoneOf(participant).flatMap(z -> lifecycle.find(z, start))
                .map(i -> i.state() != IntervalState.OPEN).orElse(false)
                ? new GateClosed(CHECK, gate) : null;
        if (minSellPrice != null) {
            judge(participant, "minSellPrice", Side.SELL, minSellPrice, closed);
        }
        if (maxBuyPrice != null) {
            judge(participant, "maxBuyPrice", Side.BUY, maxBuyPrice, closed);
        }
        jdbc.sql("""
                        INSERT INTO price_overrides (participant_id, starts_at, min_sell_price, max_buy_price, submitted_at, submitted_by)
                        VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (participant_id, starts_at) DO UPDATE SET min_sell_price = excluded.min_sell_price,
                            max_buy_price = excluded.max_buy_price, submitted_at = excluded.submitted_at, submitted_by = excluded.submitted_by""")
                .params(participant, Timestamp.from(start), minSellPrice, maxBuyPrice, Timestamp.from(now), viewer.username()).update();
        return new Override(participant, start, minSellPrice, maxBuyPrice, now);
    }

    /**
     * The stated limits in force for the interval starting at {@code start}, by participant (those on
     * AUTOMATIC without an override are absent): an override first, then a time-of-day window, then
     * the standing limits; an override or window may state one side only, the other comes from below.
     */
    public Map<String, InForce> inForce(Instant start) {
        Map<String, InForce> out = new HashMap<>();
        LocalTime at = start.atOffset(MARKET_TIME).toLocalTime();
        jdbc.sql("SELECT participant_id, min_sell_price, max_buy_price, schedule::text FROM price_preferences WHERE mode = 'LIMITS'")
                .query((rs, i) -> {
                    BigDecimal sell = rs.getBigDecimal(2);
                    BigDecimal buy = rs.getBigDecimal(3);
                    Source source = Source.LIMITS;
                    for (Window w : windows(rs.getString(4))) {
                        if (within(at, LocalTime.parse(w.from()), LocalTime.parse(w.to()))) {
                            sell = w.minSellPrice() != null ? w.minSellPrice() : sell;
                            buy = w.maxBuyPrice() != null ? w.maxBuyPrice() : buy;
                            source = Source.SCHEDULE;
                            break;
                        }
                    }
                    out.put(rs.getString(1), new InForce(sell, buy, source));
                    return null;
                }).list();
        jdbc.sql("SELECT participant_id, min_sell_price, max_buy_price FROM price_overrides WHERE starts_at = ?").param(Timestamp.from(start))
                .query((rs, i) -> {
                    InForce below = out.get(rs.getString(1));
                    BigDecimal sell = rs.getBigDecimal(2) != null ? rs.getBigDecimal(2) : below == null ? null : below.minSellPrice();
                    BigDecimal buy = rs.getBigDecimal(3) != null ? rs.getBigDecimal(3) : below == null ? null : below.maxBuyPrice();
                    out.put(rs.getString(1), new InForce(sell, buy, Source.OVERRIDE));
                    return null;
                }).list();
        return out;
    }

    static boolean within(LocalTime t, LocalTime from, LocalTime to) {
        return from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
    }

    /** The quote rules on one stated price, in the role it is for: a refusal names the field, the rule and its reason. */
    private void judge(String participant, String field, Side side, BigDecimal price) {
        judge(participant, field, side, price, null);
    }

    private void judge(String participant, String field, Side side, BigDecimal price, GateClosed closed) {
        if (price.stripTrailingZeros().scale() > 6 || price.abs().compareTo(BigDecimal.valueOf(1_000_000)) >= 0) {
            throw new IllegalArgumentException(field + ": " + price.toPlainString() + " is not a price (at most 6 decimals)");
        }
        Standing.Status status = jdbc.sql("SELECT status FROM participants WHERE id = ?").param(participant).query(String.class).optional()
                .map(Standing.Status::valueOf).orElseThrow(() -> new java.util.NoSuchElementException("no participant " + participant));
        BigDecimal one = BigDecimal.ONE;
        NetPosition position = new NetPosition(CHECK, participant, side == Side.SELL ? one : BigDecimal.ZERO, side == Side.BUY ? one : BigDecimal.ZERO);
        var verdict = rules.checkInterval(new IntervalFacts(List.of(new Standing(participant, status)), List.of(position),
                List.of(new PriceGrid(CHECK, market.gridFeedInPrice(), market.gridRetailPrice(), market.priceTick())),
                List.of(new Quote(CHECK, participant, side, price)), List.of(), closed == null ? List.of() : List.of(closed)));
        for (Finding f : verdict.findings()) {
            if (f.topic() == Finding.Topic.QUOTE && f.outcome() == Finding.Outcome.FAIL) {
                if (f.rule().equals("RejectQuoteFromParticipantNotAdmitted")) {
                    throw new IllegalStateException(f.rule() + ": participant " + participant + " is " + status + ": " + f.reason());
                }
                if (f.rule().equals("RejectQuoteAfterGateClosure")) {
                    throw new IllegalStateException(f.rule() + ": " + f.reason());
                }
                throw new IllegalArgumentException(field + ": " + f.rule() + ": " + f.reason());
            }
        }
    }

    private static void require(String field, BigDecimal value) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": missing (mode LIMITS states both the lowest sell and the highest buy price)");
        }
    }

    private static void time(String field, String value) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": missing (HH:mm, market time UTC+8)");
        }
        try {
            LocalTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": \"" + value + "\" is not a time of day (HH:mm)");
        }
    }

    private static void requireOwn(Viewer viewer, String participant) {
        if (viewer.participantId() == null || !viewer.participantId().equals(participant)) {
            throw new org.springframework.security.access.AccessDeniedException(viewer.username() + " may state prices only for its own participant"
                    + (viewer.participantId() == null ? "" : " " + viewer.participantId()) + ", not " + participant);
        }
    }

    private static List<Window> windows(String json) {
        List<Window> out = new ArrayList<>();
        for (var node : JSON.readTree(json)) {
            out.add(new Window(node.path("from").asString(), node.path("to").asString(),
                    node.hasNonNull("minSellPrice") ? new BigDecimal(node.get("minSellPrice").asString()) : null,
                    node.hasNonNull("maxBuyPrice") ? new BigDecimal(node.get("maxBuyPrice").asString()) : null));
        }
        return out;
    }

    /** What applied for the participant's recent intervals: the price in force, its source, a refusal's reason. */
    public record Applied(long intervalId, Instant start, String role, Source source, BigDecimal statedPrice, BigDecimal reservationPrice,
                          String refusal, BigDecimal marketKwh, BigDecimal clearingPrice) {
    }

    public List<Applied> history(Viewer viewer, String participant, int limit) {
        viewer.requireMaySee(participant);
        return jdbc.sql("""
                        SELECT p.interval_id, i.starts_at, p.role, p.price_source, p.stated_price, p.reservation_price, p.price_refusal,
                               p.market_kwh, c.clearing_price
                          FROM positions p JOIN trading_intervals i ON i.id = p.interval_id
                          LEFT JOIN clearing_results c ON c.interval_id = p.interval_id
                         WHERE p.participant_id = ? ORDER BY p.interval_id DESC LIMIT ?""")
                .params(participant, Math.max(1, Math.min(limit, 500)))
                .query((rs, i) -> new Applied(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), Source.valueOf(rs.getString(4)),
                        rs.getBigDecimal(5), rs.getBigDecimal(6), rs.getString(7), rs.getBigDecimal(8), rs.getBigDecimal(9)))
                .list();
    }

    public Optional<Override> overrideOf(String participant, Instant start) {
        return jdbc.sql("SELECT participant_id, starts_at, min_sell_price, max_buy_price, submitted_at FROM price_overrides WHERE participant_id = ? AND starts_at = ?")
                .params(participant, Timestamp.from(start))
                .query((rs, i) -> new Override(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getBigDecimal(3), rs.getBigDecimal(4),
                        rs.getTimestamp(5).toInstant())).optional();
    }
}
