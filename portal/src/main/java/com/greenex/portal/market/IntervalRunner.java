package com.greenex.portal.market;

import com.greenex.market.Battery;
import com.greenex.market.Equilibrium;
import com.greenex.market.Interval;
import com.greenex.market.MarketEngine;
import com.greenex.market.MarketResult;
import com.greenex.market.Participant;
import com.greenex.market.ParticipantResult;
import com.greenex.market.Side;
import com.greenex.market.Trade;
import com.greenex.market.TradeMatcher;
import com.greenex.rules.Dispatch;
import com.greenex.rules.Dispatches;
import com.greenex.rules.Finding;
import com.greenex.rules.IntervalFacts;
import com.greenex.rules.IntervalVerdict;
import com.greenex.rules.MarketRules;
import com.greenex.rules.NetPosition;
import com.greenex.rules.PriceGrid;
import com.greenex.rules.Quote;
import com.greenex.rules.Role;
import com.greenex.rules.Standing;
import com.greenex.portal.scada.ScadaProperties;
import com.greenex.settlement.SettlementOutbox;
import com.greenex.settlement.TradeRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Clears one interval at its gate closure (ARCHITECTURE.md, "Data flow"): each participant's
 * position (its own forecast, or the platform's), the rules (admission, roles), the market engine on
 * the batteries' limits, the storage-first check of its dispatch, then the schedule (positions,
 * results, trades) and the settlement outbox in one transaction. An interval that fails says why
 * (FAILED with the reason); one that cleared is not cleared again. Its state moves only through
 * {@link IntervalLifecycle}.
 */
@Service
class IntervalRunner {

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final TransactionTemplate tx;
    private final MarketRules rules;
    private final MarketEngine engine;
    private final MarketProperties market;
    private final IntervalLifecycle lifecycle;
    private final GatePositions gate;
    private final BigDecimal hours;
    private final PricePreferences prices;

    IntervalRunner(JdbcClient jdbc, DataSource dataSource, TransactionTemplate tx, MarketRules rules, MarketEngine engine,
                   MarketProperties market, ScadaProperties scada, IntervalLifecycle lifecycle, GatePositions gate, PricePreferences prices) {
        this.prices = prices;
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.tx = tx;
        this.rules = rules;
        this.engine = engine;
        this.market = market;
        this.lifecycle = lifecycle;
        this.gate = gate;
        this.hours = energyHours(market, scada);
    }

    /** The interval's energy in hours of power: its length, times the simulated day's time scale. */
    static BigDecimal energyHours(MarketProperties market, ScadaProperties scada) {
        return BigDecimal.valueOf(market.intervalLength().toSeconds() * scada.energyTimeScale()).divide(BigDecimal.valueOf(3600), 9, RoundingMode.HALF_EVEN);
    }

    BigDecimal hours() {
        return hours;
    }

    /**
     * Clears the interval at its gate closure unless it is cleared already.
     *
     * @throws IntervalFailedException when it could not be cleared: it is then FAILED with the reason
     */
    IntervalOutcome run(List<String> substations, IntervalLifecycle.Interval interval) {
        long id = interval.id();
        if (!lifecycle.state(id).open()) {
            return summary(id);
        }
        lifecycle.move(id, IntervalState.GATE_CLOSED);
        try {
            long t0 = System.nanoTime();
            return clear(id, substations, interval).withClearingTime(java.time.Duration.ofNanos(System.nanoTime() - t0));
        } catch (SQLException | RuntimeException e) {
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            // Only an interval this run was clearing becomes FAILED: never one that cleared meanwhile.
            lifecycle.fail(id, reason);
            throw new IntervalFailedException(id, reason, e);
        }
    }

    private IntervalOutcome clear(long id, List<String> substations, IntervalLifecycle.Interval iv) throws SQLException {
        String iid = Long.toString(id);
        Map<String, java.time.Duration> stages = new java.util.LinkedHashMap<>();
        long mark = System.nanoTime();
        List<String> skipped = new ArrayList<>();
        Map<String, GatePositions.GatePosition> positions = new HashMap<>();
        List<NetPosition> net = new ArrayList<>();
        for (GatePositions.GatePosition p : gate.read(substations, iv.start(), iv.gateClosure(), market.intervalLength(), hours)) {
            if (p.problem() != null) {
                skipped.add(p.participantId() + ": " + p.problem());
                continue;
            }
            if (p.energyKwh().abs().compareTo(market.minTradableKwh()) < 0 || p.energyKwh().signum() == 0) {
                continue; // below the least tradable energy: meter noise, not a trade (it stays with the battery or the grid)
            }
            positions.put(p.participantId(), p);
            net.add(new NetPosition(iid, p.participantId(), p.energyKwh().max(BigDecimal.ZERO), p.energyKwh().negate().max(BigDecimal.ZERO)));
        }
        mark = stage(stages, IntervalOutcome.POSITIONS, mark);
        // The standing of those with a position (the rules judge nobody else), read with their meters at gate closure.
        List<Standing> standings = new ArrayList<>(positions.size());
        for (GatePositions.GatePosition p : positions.values()) {
            standings.add(new Standing(p.participantId(), Standing.Status.valueOf(p.standing())));
        }
        PriceGrid grid = new PriceGrid(iid, market.gridFeedInPrice(), market.gridRetailPrice(), market.priceTick());
        // The participants' own terms in force for this interval, judged by the quote rules in the role they have now.
        Map<String, PricePreferences.InForce> stated = prices.inForce(iv.start());
        List<Quote> quotes = new ArrayList<>();
        for (NetPosition n : net) {
            PricePreferences.InForce f = stated.get(n.participantId());
            Side side = n.generationKwh().signum() > 0 ? Side.SELL : Side.BUY;
            if (f != null && f.price(side) != null) {
                quotes.add(new Quote(iid, n.participantId(), side, f.price(side)));
            } else if (f != null && f.source() == PricePreferences.Source.OVERRIDE) {
                // An override for the other side only (a buyer's limit on what turned out a seller): the rules refuse it by name.
                Side other = side == Side.SELL ? Side.BUY : Side.SELL;
                quotes.add(new Quote(iid, n.participantId(), other, f.price(other)));
            }
        }
        IntervalVerdict roles = rules.checkInterval(new IntervalFacts(standings, net, List.of(grid), quotes, List.of()), MarketRules.Detail.FAILURES);
        Map<String, String> refusals = new HashMap<>();
        for (Finding f : roles.violations()) {
            if (f.topic() == Finding.Topic.QUOTE) {
                // A refused stated price: the participant trades on its automatic price, and is told why.
                refusals.put(f.subject().substring(0, f.subject().lastIndexOf('@')), f.rule() + ": " + f.reason());
            } else {
                skipped.add(f.subject() + ": " + f.rule() + ": " + f.reason());
            }
        }
        Map<String, Quote> accepted = new HashMap<>();
        for (Quote q : quotes) {
            if (!refusals.containsKey(q.participantId())) {
                accepted.put(q.participantId(), q);
            }
        }
        List<Participant> participants = new ArrayList<>();
        Map<String, String> batteryOf = new HashMap<>();
        Map<String, GatePositions.Source> sourceOf = new HashMap<>();
        for (Role r : roles.roles()) {
            GatePositions.GatePosition p = positions.get(r.participantId());
            Battery battery = null;
            if (p.batteryId() != null) {
                batteryOf.put(p.participantId(), p.batteryId());
                battery = new Battery(p.capacityKwh(), p.socPercent().max(BigDecimal.ZERO).min(BigDecimal.valueOf(100)), p.socMinPercent(),
                        p.socMaxPercent(), energy(p.maxChargeKw()), energy(p.maxDischargeKw()), p.efficiency());
            }
            sourceOf.put(p.participantId(), p.source());
            Quote own = accepted.get(r.participantId());
            participants.add(new Participant(r.participantId(), r.side(), r.energyKwh(), battery, own != null && own.side() == r.side() ? own.price() : null));
        }
        Interval interval = new Interval(iv.start().toString(), market.gridFeedInPrice(), market.gridRetailPrice(), market.priceTick(), participants);
        mark = stage(stages, IntervalOutcome.RULES, mark);
        MarketResult result = engine.clear(interval);
        List<Dispatch> dispatch = Dispatches.of(iid, interval, result);
        // The storage-first check of the dispatch runs on the other cores while the schedule is written: nothing
        // commits before it has passed (persist waits for it before the interval is CLEARED, in the same transaction).
        CompletableFuture<List<Finding>> storageFirst = CompletableFuture.supplyAsync(
                () -> rules.checkInterval(new IntervalFacts(List.of(), List.of(), List.of(), List.of(), dispatch), MarketRules.Detail.FAILURES).violations());
        if (result.equilibrium() instanceof Equilibrium.NotReached notReached) {
            throw new IllegalStateException("no verified equilibrium: " + notReached.reason());
        }
        List<Trade> trades = TradeMatcher.match(result);
        Map<String, PricePreferences.Source> priceSourceOf = new HashMap<>();
        for (Participant p : participants) {
            if (p.reservationPrice() != null) {
                priceSourceOf.put(p.id(), stated.get(p.id()).source());
            }
        }
        mark = stage(stages, IntervalOutcome.ENGINE, mark);
        int batches = tx.execute(status -> persist(id, interval, result, trades, batteryOf, sourceOf, priceSourceOf, refusals, storageFirst));
        stage(stages, IntervalOutcome.PERSIST, mark);
        return new IntervalOutcome(id, IntervalState.CLEARED, null, result.clearingPrice(), trades.size(), batches, skipped, null)
                .withStages(java.util.Collections.unmodifiableMap(stages));
    }

    /** Records the time since {@code since} as {@code stage}; returns now. */
    private static long stage(Map<String, java.time.Duration> stages, String stage, long since) {
        long now = System.nanoTime();
        stages.put(stage, java.time.Duration.ofNanos(now - since));
        return now;
    }

    /** A power limit over the interval, kWh to the market's unit; null (no limit) stays null. */
    private BigDecimal energy(BigDecimal kw) {
        return kw == null ? null : kw.multiply(hours).setScale(Participant.MAX_DECIMALS, RoundingMode.FLOOR);
    }

    private int persist(long id, Interval interval, MarketResult result, List<Trade> trades, Map<String, String> batteryOf,
                        Map<String, GatePositions.Source> sourceOf, Map<String, PricePreferences.Source> priceSourceOf, Map<String, String> refusals,
                        CompletableFuture<List<Finding>> storageFirst) {
        // The Merkle root of the trades (a hash a trade) on another core while the rows are written.
        List<TradeRecord> records = new ArrayList<>(trades.size());
        for (Trade t : trades) {
            records.add(new TradeRecord(t.sellerId(), t.buyerId(), t.energyKwh(), t.price(), t.seq()));
        }
        CompletableFuture<byte[]> root = records.isEmpty() ? null : CompletableFuture.supplyAsync(() -> SettlementOutbox.root(id, records));
        // One COPY per table on the transaction's connection, not one statement per row.
        Map<String, ParticipantResult> resultOf = new HashMap<>();
        for (ParticipantResult r : result.participants()) {
            resultOf.put(r.id(), r);
        }
        // The clearing result first: each position carries its participant's result (V23), which names it.
        jdbc.sql("INSERT INTO clearing_results (interval_id, market_type, supply_kwh, demand_kwh, clearing_price, rounds, method, "
                        + "equilibrium, grid_feed_in_price, grid_retail_price, price_tick) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, result.marketType().name(), result.supplyKwh(), result.demandKwh(), result.clearingPrice(), result.rounds(),
                        result.method().name(), result.equilibrium().text(), interval.gridFeedInPrice(), interval.gridRetailPrice(), interval.priceTick())
                .update();
        List<Object[]> positionRows = new ArrayList<>(interval.participants().size());
        Map<String, Participant> participantOf = new HashMap<>();
        for (Participant p : interval.participants()) {
            ParticipantResult r = resultOf.get(p.id());
            if (r == null) {
                throw new IllegalStateException("interval " + id + ": the engine returned no result for participant " + p.id());
            }
            participantOf.put(p.id(), p);
            PricePreferences.Source priceSource = priceSourceOf.getOrDefault(p.id(), PricePreferences.Source.AUTOMATIC);
            positionRows.add(new Object[] {id, p.id(), p.side().name(), p.energyKwh(), p.battery() == null ? null : batteryOf.get(p.id()),
                    p.battery() == null ? null : p.battery().socPercent(), r.reservationPrice(), sourceOf.get(p.id()).name(),
                    priceSource.name(), p.reservationPrice(), refusals.get(p.id()), r.quote(), r.rank() == 0 ? null : r.rank(), r.marketKwh(),
                    r.marketAmount()});
        }
        if (resultOf.size() != positionRows.size()) {
            resultOf.keySet().removeAll(participantOf.keySet());
            throw new IllegalStateException("interval " + id + ": the engine returned results for participants not in it: " + resultOf.keySet());
        }
        // In key order: each row goes to the right end of the index (PostgreSQL's fast path for ascending keys), not to a
        // page anywhere in the interval's part of it (at 10^5 0.76 s instead of 1.07 s for the positions).
        positionRows.sort(BY_KEY);
        copy("positions (interval_id, participant_id, role, energy_kwh, battery_id, soc_percent, reservation_price, forecast_source, "
                + "price_source, stated_price, price_refusal, final_quote, rank, market_kwh, market_amount)", positionRows);
        List<Object[]> gridRows = new ArrayList<>();
        List<Object[]> batteryRows = new ArrayList<>();
        for (ParticipantResult r : result.participants()) {
            if (r.gridKwh().signum() > 0) {
                BigDecimal price = r.side() == Side.SELL ? interval.gridFeedInPrice() : interval.gridRetailPrice();
                gridRows.add(new Object[] {id, r.id(), r.side() == Side.SELL ? "EXPORT" : "IMPORT", r.gridKwh(), price, r.gridAmount()});
            }
            if (r.batteryKwh().signum() > 0) {
                Participant p = participantOf.get(r.id());
                batteryRows.add(new Object[] {id, batteryOf.get(r.id()), r.id(), r.side() == Side.SELL ? "CHARGE" : "DISCHARGE", r.batteryKwh(),
                        p.battery().socPercent(), r.socPercentAfter()});
            }
        }
        gridRows.sort(BY_KEY);
        batteryRows.sort(BY_KEY);
        copy("grid_exchanges (interval_id, participant_id, direction, energy_kwh, price, amount)", gridRows);
        copy("battery_dispatch (interval_id, battery_id, participant_id, direction, energy_kwh, soc_before_percent, soc_after_percent)", batteryRows);
        List<Object[]> tradeRows = new ArrayList<>(trades.size());
        for (Trade t : trades) {
            tradeRows.add(new Object[] {id, t.seq(), t.sellerId(), t.buyerId(), t.energyKwh(), t.price(), t.amount()});
        }
        copy("trades (interval_id, seq, seller_id, buyer_id, energy_kwh, price, amount)", tradeRows);
        long t0 = System.nanoTime();
        int batches = root == null ? 0 : enqueue(id, records, root);
        long t1 = System.nanoTime();
        List<Finding> violations;
        try {
            violations = storageFirst.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw new IllegalStateException("the storage-first check failed: " + e.getCause().getMessage(), e.getCause());
        }
        if (!violations.isEmpty()) {
            throw new IllegalStateException("storage-first violated: " + violations.getFirst());  // nothing of the interval is committed
        }
        lifecycle.move(id, IntervalState.CLEARED);
        log.debug("interval {}: outbox ({} batches) written in {} ms, then the storage-first check waited for {} ms; committing", id, batches,
                (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
        return batches;
    }

    /**
     * Writes the rows with one {@code COPY ... FROM STDIN} on the transaction's connection (text format:
     * null as {@code \N}, numbers in plain notation, text escaped); every row must be written. The rows go
     * out in chunks as they are formatted, so that the server stores one chunk while the next is made.
     */
    private void copy(String tableAndColumns, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        String table = tableAndColumns.substring(0, tableAndColumns.indexOf(' '));
        long t0 = System.nanoTime();
        java.sql.Connection c = org.springframework.jdbc.datasource.DataSourceUtils.getConnection(dataSource);
        org.postgresql.copy.CopyIn in = null;
        try {
            in = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyIn("COPY " + tableAndColumns + " FROM STDIN");
            StringBuilder text = new StringBuilder(COPY_CHUNK + 1024);
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    if (i > 0) {
                        text.append('\t');
                    }
                    Object v = row[i];
                    if (v == null) {
                        text.append("\\N");
                    } else if (v instanceof BigDecimal d) {
                        text.append(d.toPlainString());
                    } else if (v instanceof Number || v instanceof Boolean) {
                        text.append(v);
                    } else {
                        escape(text, v.toString());
                    }
                }
                text.append('\n');
                if (text.length() >= COPY_CHUNK) {
                    send(in, text);
                }
            }
            send(in, text);
            long copied = in.endCopy();
            if (copied != rows.size()) {
                throw new IllegalStateException(table + ": " + copied + " of " + rows.size() + " rows written");
            }
            log.debug("{}: {} rows written in {} ms", table, copied, (System.nanoTime() - t0) / 1_000_000);
        } catch (java.sql.SQLException | RuntimeException e) {
            IllegalStateException failure = e instanceof IllegalStateException ise ? ise
                    : new IllegalStateException(table + " could not be written: " + e.getMessage(), e);
            if (in != null && in.isActive()) {
                try {
                    in.cancelCopy(); // the transaction rolls back with this failure
                } catch (java.sql.SQLException cancel) {
                    failure.addSuppressed(cancel);
                }
            }
            throw failure;
        } finally {
            org.springframework.jdbc.datasource.DataSourceUtils.releaseConnection(c, dataSource);
        }
    }

    /** Characters of COPY text sent at a time. */
    private static final int COPY_CHUNK = 256 * 1024;

    /** Rows of one interval by the rest of their key: the participant (positions, grid exchanges) or the battery (dispatch). */
    private static final java.util.Comparator<Object[]> BY_KEY = java.util.Comparator.comparing(row -> (String) row[1]);

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(IntervalRunner.class);

    private static void send(org.postgresql.copy.CopyIn in, StringBuilder text) throws java.sql.SQLException {
        if (!text.isEmpty()) {
            byte[] bytes = text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            in.writeToCopy(bytes, 0, bytes.length);
            text.setLength(0);
        }
    }

    /** COPY's text format: a backslash, tab, newline or carriage return in a value is escaped. */
    private static void escape(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
    }

    private int enqueue(long id, List<TradeRecord> records, CompletableFuture<byte[]> root) {
        byte[] merkleRoot;
        try {
            merkleRoot = root.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw new IllegalStateException("interval " + id + ": the trades' Merkle root could not be computed: " + e.getCause().getMessage(), e.getCause());
        }
        // The outbox rows go in on this transaction's connection (DataSourceUtils binds it), with the results.
        java.sql.Connection c = org.springframework.jdbc.datasource.DataSourceUtils.getConnection(dataSource);
        try {
            return SettlementOutbox.enqueue(c, id, records, merkleRoot, market.settlementBatchSize());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("interval " + id + ": the settlement outbox could not be written: " + e.getMessage(), e);
        } finally {
            org.springframework.jdbc.datasource.DataSourceUtils.releaseConnection(c, dataSource);
        }
    }

    private IntervalOutcome summary(long id) {
        Optional<BigDecimal> price = jdbc.sql("SELECT clearing_price FROM clearing_results WHERE interval_id = ?").param(id)
                .query(BigDecimal.class).optional();
        int trades = jdbc.sql("SELECT count(*) FROM trades WHERE interval_id = ?").param(id).query(Integer.class).single();
        int batches = jdbc.sql("SELECT count(*) FROM settlement_batches WHERE interval_id = ?").param(id).query(Integer.class).single();
        var row = jdbc.sql("SELECT status, failure_reason FROM trading_intervals WHERE id = ?").param(id)
                .query((rs, i) -> new String[] {rs.getString(1), rs.getString(2)}).single();
        return new IntervalOutcome(id, IntervalState.valueOf(row[0]), row[1], price.orElse(null), trades, batches, List.of(), null);
    }
}
