package com.greenex.portal.emissions;

import com.greenex.portal.security.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;

/** A participant's Scope 2 emissions report for a period: JSON, PDF or CSV by the Accept header. */
@RestController
@Tag(name = "emissions", description = "Scope 2 emissions (location- and market-based), green shares, certificates retired; JSON, PDF or CSV")
@SecurityRequirement(name = "basic")
@SecurityRequirement(name = "token")
class EmissionsApi {

    private final EmissionsReport reports;
    private final Clock clock;

    EmissionsApi(EmissionsReport reports, Clock clock) {
        this.reports = reports;
        this.clock = clock;
    }

    @GetMapping(value = "/api/participants/{id}/emissions", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The participant's emissions report for [from, to] (days, UTC) as JSON")
    public EmissionsReport.Report json(@PathVariable String id, @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                       @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to, Authentication auth) {
        return reports.report(Viewer.of(auth), id, from, to);
    }

    @GetMapping(value = "/api/participants/{id}/emissions", produces = MediaType.APPLICATION_PDF_VALUE)
    @Operation(summary = "The same report as PDF (English and Chinese)")
    public ResponseEntity<byte[]> pdf(@PathVariable String id, @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                      @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to, Authentication auth) {
        EmissionsReport.Report r = reports.report(Viewer.of(auth), id, from, to);
        return file(EmissionsPdf.render(r, reports.factors().fonts(), clock.instant()), MediaType.APPLICATION_PDF, EmissionsReport.fileName(r, "pdf"));
    }

    @GetMapping(value = "/api/participants/{id}/emissions", produces = "text/csv")
    @Operation(summary = "The same report as CSV (one figure per row)")
    public ResponseEntity<byte[]> csv(@PathVariable String id, @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                      @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to, Authentication auth) {
        EmissionsReport.Report r = reports.report(Viewer.of(auth), id, from, to);
        return file(EmissionsReport.csv(r).getBytes(StandardCharsets.UTF_8), new MediaType("text", "csv", StandardCharsets.UTF_8), EmissionsReport.fileName(r, "csv"));
    }

    private static ResponseEntity<byte[]> file(byte[] body, MediaType type, String name) {
        return ResponseEntity.ok().contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString()).body(body);
    }
}
