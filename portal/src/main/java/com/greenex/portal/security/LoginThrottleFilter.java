package com.greenex.portal.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Before a password is checked (HTTP basic on the API, the login form's POST): a username longer
 * than {@value AuthenticationAudit#MAX_NAME} characters is refused at once, and an account or address
 * the {@link LoginThrottle} blocks gets 429 with Retry-After (the form: back to the login page, saying
 * so) — no bcrypt, no audit row.
 */
class LoginThrottleFilter extends OncePerRequestFilter {

    private final LoginThrottle throttle;

    LoginThrottleFilter(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
        boolean form = request.getMethod().equals("POST") && request.getServletPath().equals("/login");
        String username = form ? request.getParameter("username") : basicUsername(request.getHeader("Authorization"));
        if (username == null) {
            chain.doFilter(request, response);
            return;
        }
        if (username.length() > AuthenticationAudit.MAX_NAME) {
            if (form) {
                response.sendRedirect(request.getContextPath() + "/login?error");
            } else {
                Problems.write(response, HttpStatus.UNAUTHORIZED, "a username has at most " + AuthenticationAudit.MAX_NAME + " characters");
            }
            return;
        }
        Optional<LoginThrottle.Block> block = throttle.blocked(username, request.getRemoteAddr());
        if (block.isPresent()) {
            long seconds = Math.max(1, Duration.between(Instant.now(), block.get().until()).toSeconds() + 1);
            response.setHeader("Retry-After", Long.toString(seconds));
            if (form) {
                response.sendRedirect(request.getContextPath() + "/login?throttled=" + seconds);
            } else {
                Problems.write(response, HttpStatus.TOO_MANY_REQUESTS, block.get().reason() + ": try again in " + seconds + " s");
            }
            return;
        }
        chain.doFilter(request, response);
    }

    /** The username of {@code Authorization: Basic ...}, or null when there is none or it cannot be read. */
    static String basicUsername(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null; // not Base64: Spring Security's basic filter answers it
        }
    }
}
