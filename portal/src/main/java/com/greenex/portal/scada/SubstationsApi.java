package com.greenex.portal.scada;

import com.greenex.portal.security.GreenexUser;
import com.greenex.scada.mapping.MappingReader;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.net.URI;
import java.util.List;

/** A utility's integrator connects substations while the market runs, and sees each one's state. */
@RestController
@RequestMapping("/api/substations")
@Tag(name = "substations", description = "Connect a substation live from its mapping (YAML); each substation's bridge state")
@SecurityRequirement(name = "basic")
@SecurityRequirement(name = "token")
class SubstationsApi {

    private final SubstationOnboarding onboarding;
    private final Substations substations;
    private final ScadaPki pki;
    private final BridgeRegister bridges;

    SubstationsApi(SubstationOnboarding onboarding, Substations substations, ScadaPki pki, BridgeRegister bridges) {
        this.bridges = bridges;
        this.onboarding = onboarding;
        this.substations = substations;
        this.pki = pki;
    }

    @GetMapping("/bridges")
    @PreAuthorize("hasAnyRole('INTEGRATOR', 'ADMIN', 'DISPATCHER')")
    @Operation(summary = "Every SCADA bridge, inside the portal or beside it (scada-bridge.jar), with its state (UP, SILENT, STOPPED) and each substation's")
    public List<BridgeRegister.Bridge> bridges() {
        return bridges.bridges();
    }

    @GetMapping("/certificates")
    @PreAuthorize("hasAnyRole('INTEGRATOR', 'ADMIN')")
    @Operation(summary = "Substation server certificates the portal refused, waiting for the integrator to accept or reject them")
    public List<ScadaPki.Pending> certificates() {
        return pki.pending();
    }

    @PostMapping("/certificates/{thumbprint}/trust")
    @PreAuthorize("hasAnyRole('INTEGRATOR', 'ADMIN')")
    @Operation(summary = "Accept a refused server certificate: trusted from now on (audited)")
    public ScadaPki.Pending trust(@org.springframework.web.bind.annotation.PathVariable String thumbprint, @AuthenticationPrincipal GreenexUser user) {
        return pki.trust(thumbprint, user.getUsername());
    }

    @PostMapping("/certificates/{thumbprint}/reject")
    @PreAuthorize("hasAnyRole('INTEGRATOR', 'ADMIN')")
    @Operation(summary = "Reject a refused server certificate for good (audited)")
    public ScadaPki.Pending reject(@org.springframework.web.bind.annotation.PathVariable String thumbprint, @AuthenticationPrincipal GreenexUser user) {
        return pki.reject(thumbprint, user.getUsername());
    }

    @PostMapping(consumes = {"application/yaml", "application/x-yaml", "text/yaml", "text/plain"})
    @PreAuthorize("hasAnyRole('INTEGRATOR', 'ADMIN')")
    @Operation(summary = "Connect a substation from its mapping (the body, YAML): checked point by point in the file and on the endpoint, "
            + "registered whole or not at all (400 naming each point), bridged at once; a market zone from the next gate closure")
    public ResponseEntity<SubstationOnboarding.Connected> connect(HttpServletRequest request, @AuthenticationPrincipal GreenexUser user) throws IOException {
        byte[] body = request.getInputStream().readNBytes(MappingReader.MAX_BYTES + 1);
        if (body.length > MappingReader.MAX_BYTES) {
            throw new IllegalArgumentException("body: a mapping of more than " + MappingReader.MAX_BYTES + " bytes is refused");
        }
        MappingParse.Parsed parsed = MappingParse.parse("body", body);
        if (parsed.error() != null) {
            throw new IllegalArgumentException(parsed.error());
        }
        SubstationOnboarding.Connected c = onboarding.connect(user.getUsername(), parsed.mapping());
        return ResponseEntity.created(URI.create("/api/substations/" + c.substation())).body(c);
    }

    @GetMapping
    @PreAuthorize("hasAnyRole('INTEGRATOR', 'ADMIN', 'DISPATCHER')")
    @Operation(summary = "Every substation this portal bridges, with its connection state and counters")
    public List<SubstationStatus> list() {
        return substations.status();
    }
}
