package com.greenex.portal.security;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** 401 and 403 for the API as RFC 9457 problem JSON that says what is wrong. */
final class Problems {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {
    }

    /** Writes an RFC 9457 problem with the status and the detail. */
    static void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        response.getWriter().write(JSON.writeValueAsString(problem));
    }

    static AuthenticationEntryPoint entryPoint() {
        return (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Basic realm=\"greenex\"");
            write(response, HttpStatus.UNAUTHORIZED, "sign in with HTTP basic or an API token (Authorization: Bearer gx_...): " + e.getMessage());
        };
    }

    static AccessDeniedHandler accessDenied() {
        return (request, response, e) -> {
            write(response, HttpStatus.FORBIDDEN, e.getMessage());
        };
    }
}
