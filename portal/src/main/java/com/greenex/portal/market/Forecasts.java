package com.greenex.portal.market;

import com.greenex.market.Participant;
import com.greenex.portal.security.Viewer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * A participant's own forecast for an interval, from its trading client: the surplus (+) or deficit
 * (-) it expects before its battery. Accepted until the interval's gate closes; used at gate closure
 * instead of the platform's forecast.
 */
@Service
public class Forecasts {

    /** A stored forecast and the gate closure it must precede. */
    public record Forecast(String participantId, Instant start, BigDecimal energyKwh, Instant submittedAt, Instant gateClosure) {
    }

    private final JdbcClient jdbc;
    private final MarketProperties market;
    private final IntervalLifecycle lifecycle;
    private final Clock clock;

    public Forecasts(JdbcClient jdbc, MarketProperties market, IntervalLifecycle lifecycle, Clock clock) {
        this.jdbc = jdbc;
        this.market = market;
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    /**
     * Stores (or replaces) the participant's forecast for the interval starting at {@code start}.
     *
     * @throws IllegalArgumentException naming what is wrong: not the start of an interval, more than
     *                                  {@value Participant#MAX_DECIMALS} decimals, beyond 1 GWh
     * @throws IllegalStateException    after the interval's gate closure (it is then scheduled)
     * @throws org.springframework.security.access.AccessDeniedException for another participant
     */
    @Transactional
    public Forecast submit(Viewer viewer, String participant, Instant start, BigDecimal energyKwh) {
        if (viewer.participantId() == null || !viewer.participantId().equals(participant)) {
            throw new org.springframework.security.access.AccessDeniedException(viewer.username() + " may submit forecasts only for its own participant"
                    + (viewer.participantId() == null ? "" : " " + viewer.participantId()) + ", not " + participant);
        }
        if (energyKwh == null) {
            throw new IllegalArgumentException("energyKwh: missing (the expected surplus, positive, or deficit, negative, before the battery)");
        }
        if (energyKwh.stripTrailingZeros().scale() > Participant.MAX_DECIMALS) {
            throw new IllegalArgumentException("energyKwh: " + energyKwh.toPlainString() + " has more than " + Participant.MAX_DECIMALS + " decimal places");
        }
        if (energyKwh.abs().compareTo(Participant.MAX_ENERGY_KWH) > 0) {
            throw new IllegalArgumentException("energyKwh: " + energyKwh.toPlainString() + " exceeds " + Participant.MAX_ENERGY_KWH.toPlainString() + " kWh");
        }
        long len = market.intervalLength().toMillis();
        if (start.toEpochMilli() % len != 0) {
            throw new IllegalArgumentException(start + " is not the start of an interval (they start every " + market.intervalLength() + ")");
        }
        Instant gate = start.minus(market.gateLead());
        Instant now = clock.instant();
        // The participant's zone's interval: every zone's gate closes at the same time, but a zone may have cleared late or failed.
        Optional<IntervalLifecycle.Interval> interval = lifecycle.zoneOf(participant).flatMap(z -> lifecycle.find(z, start));
        if (!now.isBefore(gate) || interval.map(i -> i.state() != IntervalState.OPEN).orElse(false)) {
            throw new IllegalStateException("the gate of the interval starting at " + start + " closed at " + gate
                    + ": forecasts are accepted until then");
        }
        jdbc.sql("""
                        INSERT INTO forecasts (participant_id, starts_at, energy_kwh, submitted_at, submitted_by) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (participant_id, starts_at) DO UPDATE
                           SET energy_kwh = excluded.energy_kwh, submitted_at = excluded.submitted_at, submitted_by = excluded.submitted_by""")
                .params(participant, Timestamp.from(start), energyKwh, Timestamp.from(now), viewer.username()).update();
        return new Forecast(participant, start, energyKwh, now, gate);
    }
}
