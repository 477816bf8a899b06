package com.greenex.portal.entry;

import com.greenex.portal.security.GreenexUser;
import com.greenex.rules.EntryDecision;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** The regulator's queue of market-entry applications and its decisions, for its tools as in its view (audited). */
@RestController
@RequestMapping("/api/applications")
@Tag(name = "market entry", description = "Pending applications with every rule's verdict; the regulator's decision (audited)")
@SecurityRequirement(name = "basic")
@SecurityRequirement(name = "token")
class ApplicationsApi {

    /** One rule's verdict on an application, with its reason. */
    public record Verdict(String rule, boolean passed, String reason) {
    }

    public record PendingApplication(long id, String participantId, String name, BigDecimal capacityKw, String voltageLevel, String meterId,
                                     boolean smartMeter, boolean tradingClientInstalled, Instant submittedAt, String rulesSay, List<Verdict> verdicts) {
    }

    /** {@code {"decision": "APPROVE" | "REJECT", "comment": "..."}} */
    public record DecisionBody(String decision, String comment) {
    }

    public record Decided(long applicationId, String decision, String outcome, List<Verdict> verdicts) {
    }

    private final MarketEntry entry;

    ApplicationsApi(MarketEntry entry) {
        this.entry = entry;
    }

    @GetMapping
    @PreAuthorize("hasAnyRole('REGULATOR', 'ADMIN')")
    @Operation(summary = "Pending applications, oldest first, each with what the entry rules say now")
    public List<PendingApplication> pending() {
        return entry.queue().stream().map(r -> {
            MarketEntry.Application a = r.application();
            return new PendingApplication(a.id(), a.participantId(), a.participantName(), a.capacityKw(), a.voltageLevel(), a.meterId(), a.smartMeter(),
                    a.tradingClientInstalled(), a.submittedAt(), r.decision().outcome().name(), verdicts(r.decision()));
        }).toList();
    }

    @PostMapping("/{id}/decision")
    @PreAuthorize("hasAnyRole('REGULATOR', 'ADMIN')")
    @Operation(summary = "Approve or reject a pending application with a comment; approval is refused, naming the rules, when a rule rejects it")
    public Decided decide(@PathVariable long id, @RequestBody DecisionBody body, @AuthenticationPrincipal GreenexUser user) {
        String decision = body == null ? null : body.decision();
        if (!"APPROVE".equals(decision) && !"REJECT".equals(decision)) {
            throw new IllegalArgumentException("decision: APPROVE or REJECT, got " + (decision == null ? "none" : "\"" + decision + "\""));
        }
        EntryDecision d = entry.decide(id, decision.equals("APPROVE"), body.comment(), user);
        return new Decided(id, decision, d.outcome().name(), verdicts(d));
    }

    private static List<Verdict> verdicts(EntryDecision d) {
        return d.findings().stream().map(f -> new Verdict(f.rule(), !f.failed(), f.reason())).toList();
    }
}
