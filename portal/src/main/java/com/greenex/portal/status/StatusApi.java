package com.greenex.portal.status;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

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
    @Operation(summary = "Each component up or down: database, each substation, chain with its RPC URL, scheduler")
    public Status status() {
        List<SystemStatus.Component> c = status.components();
        return new Status(c.stream().allMatch(SystemStatus.Component::up), status.now(), c);
    }
}
