package com.greenex.portal.trades;

import com.greenex.portal.audit.AuditAction;
import com.greenex.portal.audit.AuditLog;
import com.greenex.settlement.DevChain;
import com.greenex.settlement.SettlementWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Watches the chain for the leader, every market tick: restarts the development chain when it died
 * (backing off while it keeps failing) and checks every confirmed settlement batch against the
 * contract — at start, every {@code greenex.chain.reconcile-every}, and at once after the development
 * chain came back. A batch the chain lost is re-opened to be settled again (once: the contract refuses
 * a second settlement), audited and counted for the dashboard's alarm; a Merkle root on chain that
 * differs from the database's cannot be repaired by settling again and keeps the chain DOWN in status.
 */
@Service
public class ChainWatch {

    /** What the watch saw: the development chain's health (null on another node), conflicts, the last full pass. */
    public record State(DevChain.Health devChain, List<String> conflicts, Instant lastPass, int lostSinceStart) {
    }

    private static final Logger log = LoggerFactory.getLogger(ChainWatch.class);
    private static final int INTERVALS_PER_TICK = 200;

    private final SettlementWorker worker;
    private final ObjectProvider<DevChain> devChain;
    private final AuditLog audit;
    private final ChainProperties chain;
    private final Clock clock;
    private long cursor;
    private boolean passDue = true;
    private volatile Instant lastPass;
    private volatile List<String> conflicts = List.of();
    private List<String> conflictsOfThisPass = new java.util.ArrayList<>();
    private volatile int lostSinceStart;

    ChainWatch(SettlementWorker worker, ObjectProvider<DevChain> devChain, AuditLog audit, ChainProperties chain, Clock clock) {
        this.worker = worker;
        this.devChain = devChain;
        this.audit = audit;
        this.chain = chain;
        this.clock = clock;
    }

    /**
     * One step: the development chain up, then the next slice of the confirmed batches checked.
     *
     * @return the batches re-opened in this step
     * @throws IllegalStateException naming what failed (the chain or the database)
     */
    public synchronized List<SettlementWorker.LostBatch> watch() {
        DevChain dev = devChain.getIfAvailable();
        if (dev != null) {
            boolean wasUp = dev.health().up();
            try {
                if (!dev.ensureRunning()) {
                    return List.of();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
            if (!wasUp) {
                log.warn("the development chain was restarted (restart {}): checking every confirmed batch against it", dev.health().restarts());
                cursor = 0;
                passDue = true;
            }
        }
        Instant now = clock.instant();
        if (cursor == 0 && !passDue && lastPass != null && now.isBefore(lastPass.plus(chain.reconcileEvery()))) {
            return List.of();
        }
        SettlementWorker.Reconciliation r;
        try {
            r = worker.reconcile(cursor, INTERVALS_PER_TICK);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("checking settled batches against the chain: " + e.getMessage(), e);
        }
        for (SettlementWorker.LostBatch lost : r.lost()) {
            log.error("settlement: {}", lost.reason());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("batch", lost.batchNo());
            details.put("txHash", lost.txHash());
            details.put("block", lost.blockNumber());
            details.put("reason", lost.reason());
            audit.append("system", AuditAction.SETTLEMENT_LOST_ON_CHAIN, "interval:" + lost.intervalId(), details);
        }
        lostSinceStart += r.lost().size();
        r.conflicts().forEach(c -> log.error("settlement: {}", c));
        conflictsOfThisPass.addAll(r.conflicts());
        cursor = r.nextIntervalId();
        if (cursor == 0) {
            passDue = false;
            lastPass = now;
            conflicts = List.copyOf(conflictsOfThisPass);
            conflictsOfThisPass = new java.util.ArrayList<>();
        } else if (!r.conflicts().isEmpty()) {
            conflicts = List.copyOf(conflictsOfThisPass);
        }
        return r.lost();
    }

    public State state() {
        DevChain dev = devChain.getIfAvailable();
        return new State(dev == null ? null : dev.health(), conflicts, lastPass, lostSinceStart);
    }
}
