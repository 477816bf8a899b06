package com.greenex.portal.security;

import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/** 401 and 403 for the API as RFC 9457 problem JSON that says what is wrong. */
final class Problems {

    private Problems() {
    }

    static AuthenticationEntryPoint entryPoint() {
        return (request, response, e) -> {
            response.setStatus(401);
            response.setHeader("WWW-Authenticate", "Basic realm=\"greenex\"");
            response.setContentType("application/problem+json");
            response.getWriter().write("{\"status\":401,\"title\":\"Unauthorized\",\"detail\":"
                    + Json.quote("sign in with HTTP basic or an API token (Authorization: Bearer gx_...): " + e.getMessage()) + "}");
        };
    }

    static AccessDeniedHandler accessDenied() {
        return (request, response, e) -> {
            response.setStatus(403);
            response.setContentType("application/problem+json");
            response.getWriter().write("{\"status\":403,\"title\":\"Forbidden\",\"detail\":" + Json.quote(e.getMessage()) + "}");
        };
    }
}
