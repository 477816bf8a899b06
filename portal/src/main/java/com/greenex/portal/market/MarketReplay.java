package com.greenex.portal.market;

import com.greenex.market.Battery;
import com.greenex.market.EngineOptions;
import com.greenex.market.Interval;
import com.greenex.market.MarketEngine;
import com.greenex.market.MarketResult;
import com.greenex.market.Participant;
import com.greenex.market.Side;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * Plays a cleared interval's bidding game again from its stored positions, keeping every round's
 * quotes (the market runs without them, to save memory). The engine is deterministic, so the replay
 * must end where the stored result did; {@link Replay#matchesStored()} says whether it does.
 */
@Service
public class MarketReplay {

    public record Replay(MarketResult result, boolean matchesStored, String storedMethod, BigDecimal storedPrice) {
    }

    private final JdbcClient jdbc;
    private final MarketEngine engine = new MarketEngine(EngineOptions.DEFAULTS.withRoundQuotes());

    public MarketReplay(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Replay> replay(long intervalId) {
        record Stored(String start, BigDecimal feedIn, BigDecimal retail, BigDecimal tick, String method, BigDecimal price) {
        }
        Optional<Stored> stored = jdbc.sql("""
                        SELECT i.starts_at, r.grid_feed_in_price, r.grid_retail_price, r.price_tick, r.method, r.clearing_price
                          FROM trading_intervals i JOIN clearing_results r ON r.interval_id = i.id WHERE i.id = ?""")
                .param(intervalId)
                .query((rs, i) -> new Stored(rs.getTimestamp(1).toInstant().toString(), rs.getBigDecimal(2), rs.getBigDecimal(3),
                        rs.getBigDecimal(4), rs.getString(5), rs.getBigDecimal(6)))
                .optional();
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        List<Participant> participants = jdbc.sql("""
                        SELECT p.participant_id, p.role, p.energy_kwh, b.capacity_kwh, p.soc_percent
                          FROM positions p LEFT JOIN batteries b ON b.id = p.battery_id
                         WHERE p.interval_id = ? ORDER BY p.participant_id""")
                .param(intervalId)
                .query((rs, i) -> new Participant(rs.getString(1), Side.valueOf(rs.getString(2)), rs.getBigDecimal(3),
                        rs.getBigDecimal(4) == null || rs.getBigDecimal(5) == null ? null : new Battery(rs.getBigDecimal(4), rs.getBigDecimal(5)),
                        null))
                .list();
        if (participants.isEmpty()) {
            return Optional.empty();
        }
        Stored s = stored.get();
        MarketResult r = engine.clear(new Interval(s.start(), s.feedIn(), s.retail(), s.tick(), participants));
        boolean matches = r.method().name().equals(s.method())
                && (r.clearingPrice() == null ? s.price() == null : s.price() != null && r.clearingPrice().compareTo(s.price()) == 0);
        return Optional.of(new Replay(r, matches, s.method(), s.price()));
    }
}
