package com.greenex.portal.market;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Moves cleared intervals along as their settlement progresses: CLEARED while nothing is sent,
 * SETTLING once a batch is on its way, SETTLED when every batch is confirmed (an interval without
 * trades has nothing to settle and is SETTLED at once).
 */
@Component
public class IntervalStatus {

    private final JdbcClient jdbc;

    public IntervalStatus(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return how many intervals changed status */
    public int advance() {
        int settling = jdbc.sql("""
                UPDATE trading_intervals i SET status = 'SETTLING', updated_at = now()
                 WHERE i.status = 'CLEARED'
                   AND EXISTS (SELECT 1 FROM settlement_batches b WHERE b.interval_id = i.id AND b.state IN ('SENT', 'CONFIRMED'))
                   AND EXISTS (SELECT 1 FROM settlement_batches b WHERE b.interval_id = i.id AND b.state <> 'CONFIRMED')""").update();
        int settled = jdbc.sql("""
                UPDATE trading_intervals i SET status = 'SETTLED', updated_at = now()
                 WHERE i.status IN ('CLEARED', 'SETTLING')
                   AND NOT EXISTS (SELECT 1 FROM settlement_batches b WHERE b.interval_id = i.id AND b.state <> 'CONFIRMED')""").update();
        return settling + settled;
    }
}
