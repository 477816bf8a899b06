package com.greenex.portal.entry;

import com.greenex.portal.config.ReasonBody;
import com.greenex.portal.security.GreenexUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;

/** Voluntary delisting: a participant asks to leave (or withdraws the request); the regulator reviews it, audited. */
@RestController
@Tag(name = "delisting", description = "A participant asks to leave the market; the regulator approves (delisted, cause REQUESTED) or rejects, with a comment")
@SecurityRequirement(name = "basic")
@SecurityRequirement(name = "token")
class DelistingApi {

    private final DelistingRequests requests;

    DelistingApi(DelistingRequests requests) {
        this.requests = requests;
    }

    @PostMapping("/api/participants/{id}/delisting-requests")
    @PreAuthorize("hasRole('PARTICIPANT')")
    @Operation(summary = "Ask to leave the market, with a reason; the delisting rules judge it and the regulator decides")
    public ResponseEntity<DelistingRequests.Request> request(@PathVariable String id, @RequestBody ReasonBody body, @AuthenticationPrincipal GreenexUser user) {
        DelistingRequests.Request r = requests.request(id, body == null ? null : body.reason(), user);
        return ResponseEntity.created(URI.create("/api/participants/" + id + "/delisting-requests/" + r.id())).body(r);
    }

    @GetMapping("/api/participants/{id}/delisting-requests")
    @PreAuthorize("hasAnyRole('PARTICIPANT', 'REGULATOR', 'ADMIN')")
    @Operation(summary = "The participant's requests to leave, newest first")
    public List<DelistingRequests.Request> of(@PathVariable String id, @AuthenticationPrincipal GreenexUser user) {
        return requests.of(id, user);
    }

    @PostMapping("/api/participants/{id}/delisting-requests/{request}/withdraw")
    @PreAuthorize("hasRole('PARTICIPANT')")
    @Operation(summary = "Withdraw an open request to leave")
    public DelistingRequests.Request withdraw(@PathVariable String id, @PathVariable long request, @AuthenticationPrincipal GreenexUser user) {
        return requests.withdraw(id, request, user);
    }

    @GetMapping("/api/delisting-requests")
    @PreAuthorize("hasAnyRole('REGULATOR', 'ADMIN')")
    @Operation(summary = "Open requests to leave, oldest first, each with what the delisting rules say")
    public List<DelistingRequests.Request> pending() {
        return requests.pending();
    }

    @PostMapping("/api/delisting-requests/{request}/decision")
    @PreAuthorize("hasAnyRole('REGULATOR', 'ADMIN')")
    @Operation(summary = "Approve (the participant is delisted, cause REQUESTED) or reject a request to leave, with a comment")
    public DelistingRequests.Request decide(@PathVariable long request, @RequestBody DecisionBody body, @AuthenticationPrincipal GreenexUser user) {
        boolean approve = DecisionBody.approve(body);
        return requests.decide(request, approve, body.comment(), user);
    }
}
