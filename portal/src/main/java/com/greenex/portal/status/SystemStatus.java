package com.greenex.portal.status;

import com.greenex.portal.market.MarketSchedule;
import com.greenex.portal.scada.SubstationStatus;
import com.greenex.portal.scada.Substations;
import com.greenex.portal.trades.ChainConfiguration;
import com.greenex.portal.trades.ChainProperties;
import com.greenex.portal.trades.ChainWatch;
import com.greenex.settlement.DevChain;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.web3j.protocol.Web3j;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether each part of the running system is up: the database, each substation's OPC UA session, the
 * chain (with its RPC URL and latest block), the market scheduler. For {@code /api/status}, the
 * actuator health and the dispatcher's dashboard.
 */
@Service
public class SystemStatus {

    public record Component(String name, boolean up, String detail, Map<String, Object> facts) {
    }

    private final JdbcClient jdbc;
    private final Web3j web3j;
    private final ChainProperties chain;
    private final ObjectProvider<DevChain> devChain;
    private final ChainConfiguration.Contracts contracts;
    private final Substations substations;
    private final ObjectProvider<MarketSchedule> schedule;
    private final ChainWatch chainWatch;
    private final Clock clock;

    public SystemStatus(JdbcClient jdbc, Web3j web3j, ChainProperties chain, ObjectProvider<DevChain> devChain,
                        ChainConfiguration.Contracts contracts, Substations substations, ObjectProvider<MarketSchedule> schedule,
                        ChainWatch chainWatch, Clock clock) {
        this.chainWatch = chainWatch;
        this.jdbc = jdbc;
        this.web3j = web3j;
        this.chain = chain;
        this.devChain = devChain;
        this.contracts = contracts;
        this.substations = substations;
        this.schedule = schedule;
        this.clock = clock;
    }

    public List<Component> components() {
        List<Component> out = new ArrayList<>();
        out.add(database());
        out.addAll(substations());
        out.add(chain());
        out.add(scheduler());
        return out;
    }

    public Component database() {
        try {
            String version = jdbc.sql("SHOW server_version").query(String.class).single();
            return new Component("database", true, "PostgreSQL " + version, Map.of("version", version));
        } catch (RuntimeException e) {
            return new Component("database", false, e.getMessage(), Map.of());
        }
    }

    public List<Component> substations() {
        return substations.status().stream()
                .map((SubstationStatus s) -> new Component("substation " + s.substation(), s.connected(), s.detail(), s.facts())).toList();
    }

    public String rpcUrl() {
        DevChain dev = devChain.getIfAvailable();
        return dev != null ? dev.rpcUrl() : chain.rpcUrl();
    }

    public Component chain() {
        String url = rpcUrl();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("rpcUrl", url);
        facts.put("chainId", contracts.chainId());
        facts.put("settlementContract", contracts.settlement().getContractAddress());
        facts.put("certificateContract", contracts.certificates().getContractAddress());
        facts.put("development", chain.devChain());
        ChainWatch.State watch = chainWatch.state();
        if (watch.lastPass() != null) {
            facts.put("lastReconciled", watch.lastPass().toString());
        }
        facts.put("batchesLostSinceStart", watch.lostSinceStart());
        long lostToday = jdbc.sql("SELECT count(*) FROM settlement_batches WHERE last_lost_at > now() - interval '24 hours'").query(Long.class).single();
        facts.put("batchesLost24h", lostToday);
        if (watch.devChain() != null) {
            facts.put("restarts", watch.devChain().restarts());
            if (!watch.devChain().up()) {
                facts.put("downSince", watch.devChain().downSince().toString());
                return new Component("chain", false, "the development chain is down since " + watch.devChain().downSince()
                        + " (" + watch.devChain().lastError() + "); restarting with backoff", facts);
            }
        }
        if (!watch.conflicts().isEmpty()) {
            facts.put("conflicts", watch.conflicts());
            return new Component("chain", false, watch.conflicts().size() + " interval(s) with a different Merkle root on chain: "
                    + watch.conflicts().getFirst(), facts);
        }
        try {
            long block = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
            facts.put("block", block);
            return new Component("chain", true, "block " + block + " at " + url
                    + (lostToday > 0 ? "; " + lostToday + " settled batch(es) lost by the chain in 24 h were settled again" : ""), facts);
        } catch (Exception e) {
            return new Component("chain", false, url + ": " + e.getMessage(), facts);
        }
    }

    public Component scheduler() {
        MarketSchedule s = schedule.getIfAvailable();
        if (s == null) {
            return new Component("scheduler", false, "disabled (greenex.market.schedule.enabled=false)", Map.of());
        }
        MarketSchedule.State st = s.state();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("intervalLength", st.intervalLength().toString());
        facts.put("leader", st.leader());
        facts.put("paused", st.paused());
        if (st.lastTick() != null) {
            facts.put("lastTick", st.lastTick().toString());
        }
        if (st.lastTick() == null) {
            return new Component("scheduler", false, "not ticked yet", facts);
        }
        if (Duration.between(st.lastTick(), clock.instant()).toSeconds() > 30) {
            return new Component("scheduler", false, "no tick since " + st.lastTick(), facts);
        }
        if (st.lastError() != null) {
            return new Component("scheduler", false, st.lastError(), facts);
        }
        return new Component("scheduler", true, st.paused() ? "paused" : (st.leader() ? "running, leader" : "running, standby"), facts);
    }

    public Instant now() {
        return clock.instant();
    }
}
