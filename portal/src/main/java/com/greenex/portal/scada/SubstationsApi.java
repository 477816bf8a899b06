package com.greenex.portal.scada;

import com.greenex.portal.config.ReasonBody;
import com.greenex.portal.security.GreenexUser;
import com.greenex.scada.mapping.MappingReader;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
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

    private final SubstationLifecycle lifecycle;
    private final ScadaPki pki;
    private final BridgeRegister bridges;

    SubstationsApi(SubstationLifecycle lifecycle, ScadaPki pki, BridgeRegister bridges) {
        this.bridges = bridges;
        this.lifecycle = lifecycle;
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
    public ScadaPki.Pending trust(@PathVariable String thumbprint, @AuthenticationPrincipal GreenexUser user) {
        return pki.trust(thumbprint, user.getUsername());
    }

    @PostMapping("/certificates/{thumbprint}/reject")
    @PreAuthorize("hasAnyRole('INTEGRATOR', 'ADMIN')")
    @Operation(summary = "Reject a refused server certificate for good (audited)")
    public ScadaPki.Pending reject(@PathVariable String thumbprint, @AuthenticationPrincipal GreenexUser user) {
        return pki.reject(thumbprint, user.getUsername());
    }

    @PostMapping(consumes = {"application/yaml", "application/x-yaml", "text/yaml", "text/plain"})
    @PreAuthorize("hasAnyRole('INTEGRATOR', 'ADMIN')")
    @Operation(summary = "Connect a substation from its mapping (the body, YAML): checked point by point in the file and on the endpoint, "
            + "registered whole or not at all (400 naming each point), bridged at once; a market zone from the next gate closure")
    public ResponseEntity<SubstationLifecycle.Connected> connect(HttpServletRequest request, @AuthenticationPrincipal GreenexUser user) throws IOException {
        MappingParse.Parsed parsed = mapping(request);
        SubstationLifecycle.Connected c = lifecycle.connect(user.getUsername(), parsed.mapping(), parsed.yaml());
        return ResponseEntity.created(URI.create("/api/substations/" + c.substation())).body(c);
    }

    @PutMapping(path = "/{id}", consumes = {"application/yaml", "application/x-yaml", "text/yaml", "text/plain"})
    @PreAuthorize("hasAnyRole('INTEGRATOR', 'ADMIN')")
    @Operation(summary = "Update a connected substation's mapping (YAML): checked like a new one, points it no longer names retired, "
            + "bridged with it at once (unless paused); audited")
    public SubstationLifecycle.Connected update(@PathVariable String id, HttpServletRequest request, @AuthenticationPrincipal GreenexUser user)
            throws IOException {
        MappingParse.Parsed parsed = mapping(request);
        return lifecycle.update(user.getUsername(), id, parsed.mapping(), parsed.yaml());
    }

    @PostMapping("/{id}/pause")
    @PreAuthorize("hasAnyRole('INTEGRATOR', 'ADMIN')")
    @Operation(summary = "Pause a substation, with a reason: no longer bridged, its zone not cleared (intervals MISSED with the reason); audited")
    public SubstationLifecycle.Substation pause(@PathVariable String id, @RequestBody ReasonBody body, @AuthenticationPrincipal GreenexUser user) {
        return lifecycle.pause(user.getUsername(), id, body.reason());
    }

    @PostMapping("/{id}/resume")
    @PreAuthorize("hasAnyRole('INTEGRATOR', 'ADMIN')")
    @Operation(summary = "Resume a paused substation: bridged again, cleared from the next gate closure; audited")
    public SubstationLifecycle.Substation resume(@PathVariable String id, @AuthenticationPrincipal GreenexUser user) {
        return lifecycle.resume(user.getUsername(), id);
    }

    @DeleteMapping("/{id}")
    @PreAuthorize("hasAnyRole('INTEGRATOR', 'ADMIN')")
    @Operation(summary = "Remove a substation from the market, with a reason (JSON body): no longer bridged, its points retired (readings kept); audited")
    public SubstationLifecycle.Substation remove(@PathVariable String id, @RequestBody ReasonBody body, @AuthenticationPrincipal GreenexUser user) {
        return lifecycle.remove(user.getUsername(), id, body.reason());
    }

    private static MappingParse.Parsed mapping(HttpServletRequest request) throws IOException {
        byte[] body = request.getInputStream().readNBytes(MappingReader.MAX_BYTES + 1);
        if (body.length > MappingReader.MAX_BYTES) {
            throw new IllegalArgumentException("body: a mapping of more than " + MappingReader.MAX_BYTES + " bytes is refused");
        }
        MappingParse.Parsed parsed = MappingParse.parse("body", body);
        if (parsed.error() != null) {
            throw new IllegalArgumentException(parsed.error());
        }
        return parsed;
    }

    @GetMapping
    @PreAuthorize("hasAnyRole('INTEGRATOR', 'ADMIN', 'DISPATCHER')")
    @Operation(summary = "Every substation of the market: zone, state (ACTIVE, PAUSED, REMOVED, with who, when and why), mapped points, "
            + "and the bridge's connection state and counters when this portal bridges it")
    public List<SubstationLifecycle.Substation> list() {
        return lifecycle.list();
    }

    @GetMapping("/{id}")
    @PreAuthorize("hasAnyRole('INTEGRATOR', 'ADMIN', 'DISPATCHER')")
    @Operation(summary = "One substation, as in the list")
    public SubstationLifecycle.Substation get(@PathVariable String id) {
        return lifecycle.get(id);
    }
}
