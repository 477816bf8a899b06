package com.greenex.portal.status;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import com.greenex.portal.security.Viewer;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Map;

@RestController
@Tag(name = "status")
@SecurityRequirement(name = "basic")
@SecurityRequirement(name = "token")
class StatusApi {

    public record Status(boolean allUp, Instant at, List<SystemStatus.Component> components) {
    }

    private final SystemStatus status;

    StatusApi(SystemStatus status) {
        this.status = status;
    }

    @GetMapping("/api/status")
    @Operation(summary = "Each component up or down: database, each substation, chain with its RPC URL, scheduler "
            + "(a participant sees only up or down: no addresses, endpoints or keys of the operator's systems)")
    public Status status(Authentication auth) {
        List<SystemStatus.Component> c = status.components();
        if (!Viewer.runsSystems(auth)) {
            c = c.stream().map(x -> new SystemStatus.Component(x.name(), x.up(), x.up() ? "up" : "down", Map.of())).toList();
        }
        return new Status(c.stream().allMatch(SystemStatus.Component::up), status.now(), c);
    }
}
