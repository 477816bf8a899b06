package com.greenex.portal.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * {@code Authorization: Bearer gx_...}: the token's user for this request, or 401 naming why; and
 * the token's scopes: GET and HEAD for any token, a participant's own writes ({@code /api/participants/**})
 * with {@code trade}, every other write with {@code operate}, and never the tokens themselves (a
 * token is made and revoked only after a password or session sign-in): 403 naming the scope needed.
 */
class ApiTokenFilter extends OncePerRequestFilter {

    private final ApiTokens tokens;

    ApiTokenFilter(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            Optional<ApiTokens.Authenticated> token = tokens.authenticate(header.substring(7).strip());
            if (token.isEmpty()) {
                Problems.write(response, org.springframework.http.HttpStatus.UNAUTHORIZED,
                        "the bearer token is unknown, expired, revoked, or its user is disabled");
                return;
            }
            String refusal = refusal(request.getMethod(), request.getRequestURI().substring(request.getContextPath().length()), token.get().scopes());
            if (refusal != null) {
                Problems.write(response, org.springframework.http.HttpStatus.FORBIDDEN, refusal);
                return;
            }
            GreenexUser user = token.get().user();
            var auth = UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
            var context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(auth);
            SecurityContextHolder.setContext(context);
        }
        chain.doFilter(request, response);
    }

    /** Why a token with these scopes may not make this request, or null when it may. */
    static String refusal(String method, String path, java.util.Set<ApiTokens.Scope> scopes) {
        if (path.equals("/api/tokens") || path.startsWith("/api/tokens/")) {
            return method.equals("GET") || method.equals("HEAD") ? null
                    : "API tokens are made and revoked after signing in with a password, not with another token";
        }
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            return null;
        }
        if (path.startsWith("/api/participants/")) {
            return scopes.contains(ApiTokens.Scope.TRADE) || scopes.contains(ApiTokens.Scope.OPERATE) ? null
                    : "this token's scopes " + wire(scopes) + " do not include trade, which " + method + " " + path + " needs";
        }
        return scopes.contains(ApiTokens.Scope.OPERATE) ? null
                : "this token's scopes " + wire(scopes) + " do not include operate, which " + method + " " + path + " needs";
    }

    private static String wire(java.util.Set<ApiTokens.Scope> scopes) {
        return scopes.stream().map(ApiTokens.Scope::wire).sorted().toList().toString();
    }
}
