package com.greenex.portal.market;

import com.greenex.portal.audit.AuditAction;
import com.greenex.portal.audit.AuditLog;
import com.greenex.portal.config.TextInput;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A dispatcher clears a FAILED interval again, with a reason, while it can still be scheduled (before
 * its start): the interval goes back to GATE_CLOSED and the next market tick clears it; the reason,
 * the failure it answers and who asked are in the audit log, in the same transaction. After its start
 * an interval cannot be scheduled any more: refused, saying so.
 */
@Service
public class IntervalRetry {

    private final IntervalLifecycle lifecycle;
    private final AuditLog audit;
    private final Clock clock;

    IntervalRetry(IntervalLifecycle lifecycle, AuditLog audit, Clock clock) {
        this.lifecycle = lifecycle;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * @throws java.util.NoSuchElementException when there is no such interval
     * @throws IllegalArgumentException         when the reason is missing or not plain text
     * @throws IllegalStateException            when the interval is not FAILED or has started
     */
    @Transactional
    public void clearAgain(long id, String actor, String reason) {
        String why = TextInput.require("reason", reason, TextInput.MAX_REASON);
        IntervalLifecycle.Interval iv = lifecycle.find(id).orElseThrow(() -> new java.util.NoSuchElementException("no interval " + id));
        if (iv.state() != IntervalState.FAILED) {
            throw new IllegalStateException("interval " + id + " is " + iv.state() + ": only a FAILED interval is cleared again");
        }
        if (!clock.instant().isBefore(iv.start())) {
            throw new IllegalStateException("interval " + id + " started at " + iv.start() + ": it can no longer be scheduled");
        }
        String failure = lifecycle.failureReason(id);
        lifecycle.retry(id);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", why);
        details.put("failure", failure);
        audit.append(actor, AuditAction.INTERVAL_CLEARED_AGAIN, "interval:" + id, details);
    }
}
