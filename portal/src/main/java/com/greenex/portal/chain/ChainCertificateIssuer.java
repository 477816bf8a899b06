package com.greenex.portal.chain;

import com.greenex.settlement.CertificateService;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.web3j.protocol.Web3j;

import javax.sql.DataSource;
import java.util.List;

/**
 * Green certificates in the market's heartbeat: one per 1,000 kWh a buyer bought in confirmed
 * settlements, issued on chain to the participant's registered account (participant_accounts).
 */
@Component
public class ChainCertificateIssuer implements com.greenex.portal.market.CertificateIssuer {

    private final CertificateService service;

    public ChainCertificateIssuer(DataSource dataSource, Web3j web3j, ChainConfiguration.Contracts contracts, JdbcClient jdbc) {
        this.service = new CertificateService(dataSource, web3j, contracts.certificates(),
                participant -> jdbc.sql("SELECT address FROM participant_accounts WHERE participant_id = ?").param(participant)
                        .query(String.class).optional().orElse(null));
    }

    @Override
    public List<Long> issueDue() throws Exception {
        return service.issueDue();
    }
}
