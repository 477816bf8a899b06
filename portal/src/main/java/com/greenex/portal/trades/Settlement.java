package com.greenex.portal.trades;

import com.greenex.settlement.CertificateService;
import com.greenex.settlement.SettlementWorker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.web3j.protocol.Web3j;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.List;

/**
 * Settlement as the market's heartbeat drives it: send the outbox to the chain and confirm what is
 * deep enough (exactly once, {@link SettlementWorker}); then issue the green certificates that
 * confirmed trades have earned, one per 1,000 kWh a buyer bought, to its registered account
 * (participant_accounts). Registers {@code greenex.settlement.lag} (seconds since the end of the oldest
 * interval not yet confirmed on chain; 0 when none).
 */
@Service
public class Settlement {

    /** What one round of sending did. */
    public record Round(int sent, int confirmed, int recovered, int failed) {
    }

    private final SettlementWorker worker;
    private final CertificateService certificates;
    private final JdbcClient jdbc;

    Settlement(SettlementWorker worker, DataSource dataSource, Web3j web3j, ChainConfiguration.Contracts contracts, JdbcClient jdbc,
               TradeQueries queries, MeterRegistry registry, CertificateProperties properties) {
        this.worker = worker;
        this.jdbc = jdbc;
        this.certificates = new CertificateService(dataSource, web3j, contracts.certificates(), queries::chainAccount, properties.validity(),
                properties.maxIssuedPerTick());
        Gauge.builder("greenex.settlement.lag", queries, TradeQueries::settlementLagSeconds)
                .description("seconds since the end of the oldest interval not yet confirmed on chain").baseUnit("seconds").register(registry);
    }

    /**
     * @throws IllegalStateException when the database cannot be read (a batch the chain refused is counted as failed, not thrown)
     */
    public Round sendAndConfirm() {
        try {
            SettlementWorker.Round r = worker.runOnce();
            return new Round(r.sent(), r.confirmed(), r.recovered(), r.failed());
        } catch (SQLException e) {
            throw new IllegalStateException("settlement: the outbox could not be read: " + e.getMessage(), e);
        }
    }

    /** The error of the open batch that failed last (the chain's refusal or why the node could not be reached), or null. */
    public String lastError() {
        return jdbc.sql("SELECT last_error FROM settlement_batches WHERE state IN ('PENDING', 'SENT') AND last_error IS NOT NULL "
                + "ORDER BY updated_at DESC LIMIT 1").query(String.class).optional().orElse(null);
    }

    /**
     * @return the serials of the certificates issued now
     * @throws IllegalStateException naming what failed (the database or the chain); nothing is recorded as issued that was not
     */
    public List<Long> issueCertificates() {
        try {
            return certificates.issueDue();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("green certificates: " + e.getMessage(), e);
        }
    }
}
