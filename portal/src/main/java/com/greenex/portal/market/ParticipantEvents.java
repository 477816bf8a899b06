package com.greenex.portal.market;

import com.greenex.portal.security.Viewer;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Server-sent events for trading clients, so that none need poll: {@code opened} (an interval opened,
 * with its gate closure), {@code cleared} (the participant's own result) and {@code settled} (with the
 * transactions). Read from the database every second on whichever instance the client is connected
 * to, so that it works the same behind a load balancer.
 */
@Service
public class ParticipantEvents {

    /** The participant's own result in a cleared interval. */
    public record Cleared(long intervalId, Instant start, String role, BigDecimal energyKwh, BigDecimal marketKwh, BigDecimal clearingPrice,
                          String priceSource) {
    }

    public record Opened(long intervalId, String zone, Instant start, Instant gateClosure) {
    }

    public record Settled(long intervalId, Instant start, List<String> txHashes) {
    }

    private static final Logger log = LoggerFactory.getLogger(ParticipantEvents.class);
    /** No more than this many streams per participant: a client that reconnects without closing does not pile them up. */
    static final int MAX_STREAMS_PER_PARTICIPANT = 5;

    private final JdbcClient jdbc;
    private final Map<String, List<SseEmitter>> streams = new ConcurrentHashMap<>();
    private volatile Instant seen = Instant.now();
    /** What was published lately (interval id and state), so that the overlapping look back publishes nothing twice. */
    private final Map<String, Instant> published = new ConcurrentHashMap<>();
    /**
     * How far each look reaches back: a state is stamped with its transaction's start (now()), and a
     * clearing transaction commits seconds after it started.
     */
    static final java.time.Duration LOOK_BACK = java.time.Duration.ofSeconds(60);

    ParticipantEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A stream of the participant's events; only its own participant may listen. */
    public SseEmitter subscribe(Viewer viewer, String participant) {
        if (viewer.participantId() == null || !viewer.participantId().equals(participant)) {
            throw new org.springframework.security.access.AccessDeniedException(viewer.username() + " may follow only its own participant's events"
                    + (viewer.participantId() == null ? "" : " (" + viewer.participantId() + ")") + ", not " + participant + "'s");
        }
        List<SseEmitter> own = streams.computeIfAbsent(participant, k -> new CopyOnWriteArrayList<>());
        if (own.size() >= MAX_STREAMS_PER_PARTICIPANT) {
            throw new IllegalStateException("participant " + participant + " has " + own.size() + " event streams open already: close one first");
        }
        SseEmitter emitter = new SseEmitter(0L);
        own.add(emitter);
        Runnable remove = () -> own.remove(emitter);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        try {
            emitter.send(SseEmitter.event().name("hello").data(Map.of("participant", participant)));
        } catch (IOException e) {
            remove.run();
        }
        return emitter;
    }

    /** Every second: what changed since the last look, to each listening participant. */
    @Scheduled(fixedDelay = 1000, initialDelay = 1000)
    public void publish() {
        if (streams.values().stream().allMatch(List::isEmpty)) {
            seen = Instant.now();
            return;
        }
        Instant from = seen;
        Instant to = Instant.now();
        record Changed(long id, String zone, Instant start, Instant gate, String status) {
        }
        List<Changed> changed = jdbc.sql("SELECT id, zone_id, starts_at, gate_closes_at, status FROM trading_intervals WHERE updated_at > ? AND updated_at <= ? ORDER BY id")
                .params(Timestamp.from(from.minus(LOOK_BACK)), Timestamp.from(to))
                .query((rs, i) -> new Changed(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant(), rs.getString(5)))
                .list();
        seen = to;
        published.values().removeIf(at -> at.isBefore(to.minus(LOOK_BACK.multipliedBy(2))));
        for (Changed c : changed) {
            if (published.putIfAbsent(c.id() + ":" + c.status(), to) != null) {
                continue;
            }
            switch (c.status()) {
                case "OPEN" -> {
                    // Only to the participants of the interval's zone: each zone has an interval of its own.
                    java.util.Set<String> inZone = new java.util.HashSet<>(jdbc.sql("""
                                    SELECT DISTINCT m.participant_id FROM meters m JOIN substations s ON s.id = m.substation_id WHERE s.zone_id = ?""")
                            .param(c.zone()).query(String.class).list());
                    streams.keySet().stream().filter(inZone::contains).forEach(p -> send(p, "opened", new Opened(c.id(), c.zone(), c.start(), c.gate())));
                }
                case "CLEARED" -> {
                    Map<String, Cleared> results = new LinkedHashMap<>();
                    jdbc.sql("""
                                    SELECT p.participant_id, p.role, p.energy_kwh, p.market_kwh, cr.clearing_price, p.price_source
                                      FROM positions p
                                      JOIN clearing_results cr ON cr.interval_id = p.interval_id WHERE p.interval_id = ?""")
                            .param(c.id()).query((rs, i) -> results.put(rs.getString(1), new Cleared(c.id(), c.start(), rs.getString(2),
                                    rs.getBigDecimal(3), rs.getBigDecimal(4), rs.getBigDecimal(5), rs.getString(6)))).list();
                    results.forEach((p, r) -> send(p, "cleared", r));
                }
                case "SETTLED" -> {
                    List<String> txs = jdbc.sql("SELECT '0x' || encode(tx_hash, 'hex') FROM settlement_batches WHERE interval_id = ? ORDER BY batch_no")
                            .param(c.id()).query(String.class).list();
                    List<String> traders = jdbc.sql("SELECT seller_id FROM trades WHERE interval_id = ? UNION SELECT buyer_id FROM trades WHERE interval_id = ?")
                            .params(c.id(), c.id()).query(String.class).list();
                    traders.forEach(p -> send(p, "settled", new Settled(c.id(), c.start(), txs)));
                }
                default -> {
                }
            }
        }
    }

    private void send(String participant, String name, Object data) {
        List<SseEmitter> own = streams.get(participant);
        if (own == null) {
            return;
        }
        for (SseEmitter e : own) {
            try {
                e.send(SseEmitter.event().name(name).data(data));
            } catch (IOException | IllegalStateException gone) {
                own.remove(e);
            }
        }
    }

    @PreDestroy
    void close() {
        streams.values().forEach(list -> list.forEach(SseEmitter::complete));
        log.debug("participant event streams closed");
    }
}
