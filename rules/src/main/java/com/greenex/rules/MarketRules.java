package com.greenex.rules;

import org.kie.api.KieServices;
import org.kie.api.builder.Message;
import org.kie.api.builder.Results;
import org.kie.api.runtime.ClassObjectFilter;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieSession;
import org.kie.api.KieBase;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The market's policies as Drools rules (the DRL files beside this class, compiled to the executable
 * model at build time). Plain records in, findings out: every finding names the rule that made it and
 * says why. Thread-safe: each call runs in a session of its own.
 */
public final class MarketRules {

    static final String KBASE = "greenex";

    /** Facts per session when an interval is judged in partitions. */
    static final int DEFAULT_PARTITION_THRESHOLD = 10_000;

    private final KieBase kieBase;
    private final int partitionThreshold;
    private final int parallelism;

    private MarketRules(KieBase kieBase, int partitionThreshold, int parallelism) {
        this.kieBase = kieBase;
        this.partitionThreshold = partitionThreshold;
        this.parallelism = parallelism;
    }

    /** The same rules judging intervals in partitions of the given size (for tests). */
    MarketRules withPartitioning(int threshold, int partitions) {
        return new MarketRules(kieBase, threshold, partitions);
    }

    /**
     * Loads the rules from the classpath.
     *
     * @throws RuleLoadingException naming each rule file and line that failed, so that start-up stops with it
     */
    public static MarketRules load() {
        KieServices ks = KieServices.Factory.get();
        KieContainer container = ks.newKieClasspathContainer(MarketRules.class.getClassLoader());
        // Not container.verify(): that re-compiles the DRL from source. The DRL was compiled, and
        // checked with its file and line, by kie-maven-plugin; what can still fail here is finding
        // and instantiating the generated model.
        KieBase kieBase;
        try {
            kieBase = container.getKieBase(KBASE);
        } catch (RuntimeException e) {
            throw new RuleLoadingException("the Greenex rules did not load: knowledge base '" + KBASE
                    + "' from META-INF/kmodule.xml could not be built: " + e.getMessage());
        }
        if (kieBase.getKiePackages().stream().mapToLong(p -> p.getRules().size()).sum() == 0) {
            throw new RuleLoadingException("the Greenex rules did not load: knowledge base '" + KBASE
                    + "' has no rules (is the rules jar on the classpath, built by kie-maven-plugin?)");
        }
        return new MarketRules(kieBase, DEFAULT_PARTITION_THRESHOLD, Runtime.getRuntime().availableProcessors());
    }

    /** The rules of the knowledge base by package, for display and checks. */
    public List<String> ruleNames() {
        return kieBase.getKiePackages().stream().flatMap(p -> p.getRules().stream()).map(r -> r.getName()).sorted().toList();
    }

    /** For builders of rules (tests, tools): every error with its file and line. */
    static void failOnErrors(Results results) {
        List<Message> errors = results.getMessages(Message.Level.ERROR);
        if (errors.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder("the Greenex rules did not load:");
        for (Message m : errors) {
            sb.append("\n  ").append(m.getPath() == null ? "(no file)" : m.getPath())
                    .append(':').append(m.getLine()).append(": ").append(m.getText().strip());
        }
        throw new RuleLoadingException(sb.toString());
    }

    /** Reviews one market-entry application against the configured limits per voltage level. */
    public EntryDecision reviewEntry(EntryApplication application, Collection<VoltageLevelLimit> limits) {
        Objects.requireNonNull(application, "application");
        List<Object> facts = new ArrayList<>(limits);
        facts.add(application);
        List<Finding> findings = findings(facts);
        EntryDecision.Outcome outcome;
        if (findings.stream().anyMatch(f -> f.rule().equals("AdmitEntry"))) {
            outcome = EntryDecision.Outcome.ADMITTED;
        } else if (findings.stream().filter(Finding::failed).allMatch(f -> f.rule().equals("HoldEntryUntilRegulatorReview"))) {
            outcome = EntryDecision.Outcome.AWAITING_REVIEW;
        } else {
            outcome = EntryDecision.Outcome.REJECTED;
        }
        return new EntryDecision(application.participantId(), outcome, findings);
    }

    /** Each battery against its setpoint after delivery (delivery.drl): a PASS or FAIL finding per battery. */
    public List<Finding> checkDelivery(Collection<BatteryDelivery> batteries) {
        return findings(new ArrayList<>(batteries));
    }

    /** Which admitted participants to delist, and why; a PASS finding (KeepListed) for the others. */
    public List<Finding> checkDelisting(Collection<Standing> standings, Collection<MeterHealth> meters,
                                        Collection<DelistingRequest> requests, DelistingPolicy policy) {
        List<Object> facts = new ArrayList<>(standings.size() + meters.size() + requests.size() + 1);
        facts.addAll(standings);
        facts.addAll(meters);
        facts.addAll(requests);
        facts.add(Objects.requireNonNull(policy, "policy"));
        return findings(facts);
    }

    /** What an interval's verdict holds besides its roles. */
    public enum Detail {
        /** Every finding, the PASS ones too: to explain a verdict. */
        ALL,
        /** The failures only: to clear an interval, which acts on roles and failures. */
        FAILURES
    }

    /** {@link #checkInterval(IntervalFacts, Detail)} with every finding. */
    public IntervalVerdict checkInterval(IntervalFacts interval) {
        return checkInterval(interval, Detail.ALL);
    }

    /**
     * Roles from net positions, then quotes and dispatch against them, for one or more intervals.
     *
     * <p>Every rule here relates the facts of one participant (and the interval's price grid), so a
     * large interval is judged in partitions by participant, one session each, in parallel.
     */
    public IntervalVerdict checkInterval(IntervalFacts interval, Detail detail) {
        boolean passes = switch (java.util.Objects.requireNonNull(detail, "detail")) {
            case ALL -> true;
            case FAILURES -> false;
        };
        int participants = interval.standings().size() + interval.positions().size() + interval.quotes().size()
                + interval.dispatches().size();
        // Sessions of about partitionThreshold facts: a Rete network's memories grow worse than linearly
        // (about 25 ms per 10,000 facts in one session of 40,000, 35 ms in one of 400,000 here), and from
        // 10,000 facts (5,000 prosumers) the cores share the work (10^4 prosumers: 239 ms in one session,
        // 179 ms in partitions on 2 cores, market.IntervalBenchmark).
        int partitions = participants <= partitionThreshold ? 1 : Math.max(parallelism, (participants + partitionThreshold - 1) / partitionThreshold);
        List<List<Object>> parts = new ArrayList<>(partitions);
        for (int i = 0; i < partitions; i++) {
            List<Object> part = new ArrayList<>(participants / partitions + interval.priceGrids().size() + 16);
            part.addAll(interval.priceGrids());
            part.addAll(interval.closedGates());
            parts.add(part);
        }
        for (Standing x : interval.standings()) {
            parts.get(partition(x.participantId(), partitions)).add(x);
        }
        for (NetPosition x : interval.positions()) {
            parts.get(partition(x.participantId(), partitions)).add(x);
        }
        for (Quote x : interval.quotes()) {
            parts.get(partition(x.participantId(), partitions)).add(x);
        }
        for (Dispatch x : interval.dispatches()) {
            parts.get(partition(x.participantId(), partitions)).add(x);
        }
        List<Role> roles = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        List<Outcome> outcomes = partitions == 1
                ? List.of(evaluate(parts.getFirst(), passes))
                : parts.parallelStream().map(part -> evaluate(part, passes)).toList();
        for (Outcome o : outcomes) {
            roles.addAll(o.roles());
            findings.addAll(o.findings());
        }
        roles.sort(Comparator.comparing(Role::intervalId).thenComparing(Role::participantId));
        return new IntervalVerdict(roles, sorted(findings));
    }

    private record Outcome(List<Role> roles, List<Finding> findings) {
    }

    private static int partition(String participantId, int partitions) {
        return partitions == 1 ? 0 : Math.floorMod(participantId.hashCode(), partitions);
    }

    private Outcome evaluate(List<Object> facts, boolean wanted) {
        KieSession session = kieBase.newKieSession();
        try {
            Passes passes = new Passes(wanted);
            session.setGlobal(Passes.GLOBAL, passes);
            for (Object f : facts) {
                session.insert(f);
            }
            session.fireAllRules();
            List<Finding> findings = objects(session, Finding.class);
            findings.addAll(passes.findings());
            return new Outcome(objects(session, Role.class), findings);
        } finally {
            session.dispose();
        }
    }

    private List<Finding> findings(List<Object> facts) {
        KieSession session = kieBase.newKieSession();
        try {
            Passes passes = new Passes(true);
            session.setGlobal(Passes.GLOBAL, passes);
            for (Object f : facts) {
                session.insert(f);
            }
            session.fireAllRules();
            List<Finding> findings = objects(session, Finding.class);
            findings.addAll(passes.findings());
            return sorted(findings);
        } finally {
            session.dispose();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> objects(KieSession session, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Object o : session.getObjects(new ClassObjectFilter(type))) {
            out.add((T) o);
        }
        return out;
    }

    /** Findings in a stable order: by subject (a participant's findings together), topic, then rule name. */
    private static List<Finding> sorted(List<Finding> findings) {
        Finding[] all = findings.toArray(new Finding[0]);
        Arrays.parallelSort(all, MarketRules::compare);
        return Arrays.asList(all);
    }

    private static int compare(Finding a, Finding b) {
        int c = a.subject().compareTo(b.subject());
        if (c != 0) {
            return c;
        }
        c = a.topic().compareTo(b.topic());
        return c != 0 ? c : a.rule().compareTo(b.rule());
    }
}
