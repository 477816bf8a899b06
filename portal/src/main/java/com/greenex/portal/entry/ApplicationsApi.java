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

/**
 * Market entry through the API: an applicant applies with no account and follows, corrects or
 * withdraws its application with the login it chose; the regulator's queue and its decisions
 * (audited), for its tools as in its view.
 */
@RestController
@RequestMapping("/api/applications")
@Tag(name = "market entry", description = "Apply (no account needed), follow, correct, withdraw; the regulator's queue with every rule's verdict and its decision (audited)")
@SecurityRequirement(name = "basic")
@SecurityRequirement(name = "token")
class ApplicationsApi {

    public record PendingApplication(long id, String participantId, String name, String contact, BigDecimal capacityKw, String voltageLevel,
                                     String meterId, String meters, boolean smartMeter, BigDecimal batteryKwh, String tradingClient,
                                     boolean tradingClientInstalled, int revision, Instant submittedAt, String rulesSay, List<MarketEntry.Verdict> verdicts) {
    }

    /** A new applicant: the login it chooses and what it states about itself. */
    public record NewApplication(String username, String password, String name, String contact, BigDecimal capacityKw, String voltageLevel,
                                 List<SelfServiceEntry.StatedMeter> meters, BigDecimal batteryKwh, String tradingClient) {
    }

    /** An application as its applicant follows it: what it stated, what the rules say, the regulator's decision once made. */
    public record ApplicationStatus(long id, String participantId, String username, String status, int revision, Instant submittedAt,
                                    Instant revisedAt, SelfServiceEntry.Terms terms, String rulesSay, List<MarketEntry.Verdict> verdicts,
                                    SelfServiceEntry.Decision decision) {
    }

    public record Decided(long applicationId, String decision, String outcome, List<MarketEntry.Verdict> verdicts) {
    }

    private final MarketEntry entry;
    private final SelfServiceEntry self;
    private final ApplicationThrottle throttle;

    ApplicationsApi(MarketEntry entry, SelfServiceEntry self, ApplicationThrottle throttle) {
        this.entry = entry;
        this.self = self;
        this.throttle = throttle;
    }

    @PostMapping
    @Operation(summary = "Apply for market entry (no account needed): judged by the entry rules at once; the username and password become the applicant's login",
            security = {})
    public org.springframework.http.ResponseEntity<ApplicationStatus> apply(@RequestBody NewApplication body, jakarta.servlet.http.HttpServletRequest request) {
        if (body == null) {
            throw new IllegalArgumentException("body: missing");
        }
        throttle.admit(request.getRemoteAddr());
        SelfServiceEntry.ApplicationState s = self.apply(body.username(), body.password(), new SelfServiceEntry.Terms(body.name(), body.contact(),
                body.capacityKw(), body.voltageLevel(), body.meters(), body.batteryKwh(), body.tradingClient()));
        return org.springframework.http.ResponseEntity.created(java.net.URI.create("/api/applications/" + s.id())).body(status(s));
    }

    @GetMapping("/mine")
    @PreAuthorize("hasAnyRole('APPLICANT', 'PARTICIPANT')")
    @Operation(summary = "The signed-in applicant's applications, newest first, each with the rules' verdicts and the decision")
    public List<ApplicationStatus> mine(@AuthenticationPrincipal GreenexUser user) {
        return self.mine(user).stream().map(ApplicationsApi::status).toList();
    }

    @GetMapping("/{id}")
    @PreAuthorize("hasAnyRole('APPLICANT', 'PARTICIPANT', 'REGULATOR', 'ADMIN')")
    @Operation(summary = "One application: its applicant sees its own, the regulator any")
    public ApplicationStatus one(@PathVariable long id, @AuthenticationPrincipal GreenexUser user) {
        return status(self.find(id, user));
    }

    @org.springframework.web.bind.annotation.PutMapping("/{id}")
    @PreAuthorize("hasRole('APPLICANT')")
    @Operation(summary = "Correct the application: a pending one gets a new revision, judged again; after a rejection or a withdrawal it is applied for again (201, a new id)")
    public org.springframework.http.ResponseEntity<ApplicationStatus> correct(@PathVariable long id, @RequestBody SelfServiceEntry.Terms terms,
                                                                             @AuthenticationPrincipal GreenexUser user) {
        SelfServiceEntry.ApplicationState s = self.correct(id, terms, user);
        return s.id() == id ? org.springframework.http.ResponseEntity.ok(status(s))
                : org.springframework.http.ResponseEntity.created(java.net.URI.create("/api/applications/" + s.id())).body(status(s));
    }

    @PostMapping("/{id}/withdraw")
    @PreAuthorize("hasRole('APPLICANT')")
    @Operation(summary = "Withdraw a pending application (the applicant may apply again later)")
    public ApplicationStatus withdraw(@PathVariable long id, @AuthenticationPrincipal GreenexUser user) {
        return status(self.withdraw(id, user));
    }

    private static ApplicationStatus status(SelfServiceEntry.ApplicationState s) {
        return new ApplicationStatus(s.id(), s.participantId(), s.username(), s.status(), s.revision(), s.submittedAt(), s.revisedAt(), s.terms(),
                s.rulesSay().outcome().name(), MarketEntry.verdicts(s.rulesSay()), s.decision());
    }

    @GetMapping
    @PreAuthorize("hasAnyRole('REGULATOR', 'ADMIN')")
    @Operation(summary = "Pending applications, oldest first, each with what the entry rules say now")
    public List<PendingApplication> pending() {
        return entry.queue().stream().map(r -> {
            MarketEntry.Application a = r.application();
            return new PendingApplication(a.id(), a.participantId(), a.participantName(), a.contact(), a.capacityKw(), a.voltageLevel(), a.meterId(),
                    a.meters(), a.smartMeter(), a.batteryKwh(), a.tradingClient(), a.tradingClientInstalled(), a.revision(), a.submittedAt(),
                    r.decision().outcome().name(), MarketEntry.verdicts(r.decision()));
        }).toList();
    }

    @PostMapping("/{id}/decision")
    @PreAuthorize("hasAnyRole('REGULATOR', 'ADMIN')")
    @Operation(summary = "Approve or reject a pending application with a comment; approval is refused, naming the rules, when a rule rejects it")
    public Decided decide(@PathVariable long id, @RequestBody DecisionBody body, @AuthenticationPrincipal GreenexUser user) {
        boolean approve = DecisionBody.approve(body);
        EntryDecision d = entry.decide(id, approve, body.comment(), user);
        return new Decided(id, body.decision(), d.outcome().name(), MarketEntry.verdicts(d));
    }
}
