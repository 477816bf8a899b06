package com.greenex.portal.certificates;

import com.greenex.portal.config.Paging;
import com.greenex.portal.config.ReasonBody;
import com.greenex.portal.security.GreenexUser;
import com.greenex.portal.security.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.util.List;

/** Green certificates through their life: listed with their provenance, transferred, retired (claimed), revoked; the regulator's summary. */
@RestController
@Tag(name = "certificates", description = "Green certificates (1 per MWh): provenance, transfer, retirement (claim), revocation, monthly summary")
@SecurityRequirement(name = "basic")
@SecurityRequirement(name = "token")
class CertificatesApi {

    /** Where a transfer goes: another participant, or (where allowed) an external account address; exactly one. */
    record TransferBody(String toParticipant, String toAddress) {
    }

    /** A claim: for whom, what for, and the consumption period (days, UTC) it covers. */
    record RetireBody(String beneficiary, String purpose, LocalDate periodFrom, LocalDate periodTo) {
    }

    private final Certificates certificates;

    CertificatesApi(Certificates certificates) {
        this.certificates = certificates;
    }

    @GetMapping("/api/participants/{id}/certificates")
    @Operation(summary = "The certificates a participant holds or was issued, newest first (a participant may ask only for its own)")
    public Paging.Page<Certificates.Row> of(@PathVariable String id, @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
                                            Authentication auth) {
        int offset = Paging.offset(page, size);
        Viewer viewer = Viewer.of(auth);
        return new Paging.Page<>(certificates.countOf(viewer, id), page, size, certificates.of(viewer, id, offset, size));
    }

    @GetMapping("/api/certificates/{serial}")
    @Operation(summary = "A certificate with its provenance (trades, intervals, sellers, each trade's Merkle proof) and its history")
    public Certificates.Detail detail(@PathVariable long serial, Authentication auth) {
        return certificates.detail(Viewer.of(auth), serial);
    }

    @PostMapping("/api/certificates/{serial}/transfer")
    @PreAuthorize("hasRole('PARTICIPANT')")
    @Operation(summary = "Transfer one's certificate to another participant (or an external account, where allowed), on chain")
    public com.greenex.settlement.CertificateRegistry.Change transfer(@PathVariable long serial, @RequestBody TransferBody body, @AuthenticationPrincipal GreenexUser user) {
        if (body == null) {
            throw new IllegalArgumentException("a body {\"toParticipant\": ...} or {\"toAddress\": ...} is required");
        }
        return certificates.transfer(user, serial, body.toParticipant(), body.toAddress());
    }

    @PostMapping("/api/certificates/{serial}/retire")
    @PreAuthorize("hasRole('PARTICIPANT')")
    @Operation(summary = "Retire (claim) one's certificate for a beneficiary, a purpose and a consumption period; irreversible, on chain")
    public com.greenex.settlement.CertificateRegistry.Change retire(@PathVariable long serial, @RequestBody RetireBody body, @AuthenticationPrincipal GreenexUser user) {
        if (body == null) {
            throw new IllegalArgumentException("a body {\"beneficiary\", \"purpose\", \"periodFrom\", \"periodTo\"} is required");
        }
        return certificates.retire(user, serial, body.beneficiary(), body.purpose(), body.periodFrom(), body.periodTo());
    }

    @PostMapping("/api/certificates/{serial}/revoke")
    @PreAuthorize("hasRole('REGULATOR')")
    @Operation(summary = "The regulator revokes a certificate, with a reason (e.g. a metering error found later); audited, on chain")
    public com.greenex.settlement.CertificateRegistry.Change revoke(@PathVariable long serial, @RequestBody ReasonBody body, @AuthenticationPrincipal GreenexUser user) {
        return certificates.revoke(user, serial, body == null ? null : body.reason());
    }

    @GetMapping("/api/certificates/summary")
    @PreAuthorize("hasAnyRole('REGULATOR', 'ADMIN')")
    @Operation(summary = "Per month (UTC) of [from, to): certificates issued, transferred, retired, revoked, expired")
    public List<Certificates.Month> summary(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return certificates.summary(from, to);
    }
}
