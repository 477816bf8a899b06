package com.greenex.portal.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * Every API error as problem JSON ({@code application/problem+json}) with the right status and a
 * detail that names what is wrong: Spring MVC's own (malformed JSON 400, wrong content type 415,
 * wrong method 405, a parameter of the wrong type 400, unknown path 404), the application's
 * (bad input 400, too late 409, not found 404, not allowed 403), the database out of reach (503, at
 * once rather than after the pool's timeout), and anything else as 500 with a reference that is in
 * the log with its stack trace.
 */
@RestControllerAdvice
public class ApiErrors extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    /**
     * A body that is not the JSON the endpoint reads: the field it is about (a.b[2].c) and what is
     * wrong with it, e.g. a number where text belongs, or a field the endpoint does not know (a typo
     * would otherwise be ignored and its value lost).
     */
    @Override
    protected org.springframework.http.ResponseEntity<Object> handleHttpMessageNotReadable(org.springframework.http.converter.HttpMessageNotReadableException e,
            org.springframework.http.HttpHeaders headers, org.springframework.http.HttpStatusCode status, org.springframework.web.context.request.WebRequest request) {
        return org.springframework.http.ResponseEntity.badRequest().contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, unreadable(e)));
    }

    static String unreadable(org.springframework.http.converter.HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        // A value Jackson could not convert (a date, say) has the field's path on the Jackson exception that wraps the converter's.
        for (Throwable t = e.getCause(); t != null && t != cause; t = t.getCause()) {
            if (t instanceof tools.jackson.core.JacksonException j && !j.getPath().isEmpty() && !(cause instanceof tools.jackson.core.JacksonException)) {
                return path(j) + ": " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage().lines().findFirst().orElse(""));
            }
        }
        if (cause instanceof tools.jackson.core.JacksonException j && !j.getPath().isEmpty()) {
            String field = path(j);
            if (j instanceof tools.jackson.databind.exc.UnrecognizedPropertyException u) {
                return field + ": no such field" + (u.getKnownPropertyIds() == null ? "" : " (fields: " + u.getKnownPropertyIds() + ")");
            }
            String why = j.getOriginalMessage();
            return field + ": " + (why == null ? "unreadable" : why.lines().findFirst().orElse(why));
        }
        return "the request body is not the JSON expected: " + (cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getMessage().lines().findFirst().orElse(""));
    }

    private static String path(tools.jackson.core.JacksonException j) {
        StringBuilder field = new StringBuilder();
        for (tools.jackson.core.JacksonException.Reference r : j.getPath()) {
            if (r.getPropertyName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(r.getPropertyName());
            } else {
                field.append('[').append(r.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    /** Too many requests from one address (e.g. applications): 429 with Retry-After. */
    @ExceptionHandler(TooManyRequests.class)
    org.springframework.http.ResponseEntity<ProblemDetail> tooMany(TooManyRequests e) {
        return org.springframework.http.ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header("Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())))
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage()));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    /** A request that came too late or meets the resource in a state that refuses it (e.g. after gate closure). */
    @ExceptionHandler(IllegalStateException.class)
    ProblemDetail conflict(IllegalStateException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(NoSuchElementException.class)
    ProblemDetail notFound(NoSuchElementException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail forbidden(AccessDeniedException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
    }

    @ExceptionHandler({CannotGetJdbcConnectionException.class, DataAccessResourceFailureException.class})
    ProblemDetail databaseAway(RuntimeException e) {
        log.warn("API: the database cannot be reached: {}", e.getMessage());
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "the database cannot be reached; try again shortly");
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail internal(Exception e) {
        String reference = UUID.randomUUID().toString();
        log.error("API: internal error {}: {}", reference, e.getMessage(), e);
        return ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "internal error, reference " + reference + " (in the server's log)");
    }
}
