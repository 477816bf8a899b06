package com.greenex.portal.security;

import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Two filter chains. The API ({@code /api/**}, {@code /actuator/**}): stateless, HTTP basic or an API
 * token, 401/403 as problem JSON; the OpenAPI description and the health status are public. The
 * views: Vaadin's configurer with the login view; each view names the roles it admits.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSecurity
@EnableMethodSecurity
public class SecurityConfiguration {

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, ApiTokens tokens, LoginThrottle throttle) throws Exception {
        return http.securityMatcher("/api/**", "/actuator/**", "/v3/api-docs/**", "/v3/api-docs", "/swagger-ui/**", "/swagger-ui.html", "/error")
                .authorizeHttpRequests(a -> a
                        // An error the container dispatches (after sendError) is rendered, never sent to the login page.
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/v3/api-docs/**", "/v3/api-docs", "/swagger-ui/**", "/swagger-ui.html").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        // Applying for market entry needs no account (throttled per address).
                        .requestMatchers(org.springframework.http.HttpMethod.POST, "/api/applications").permitAll()
                        .requestMatchers("/actuator/**").hasAnyRole("ADMIN", "DISPATCHER")
                        .anyRequest().authenticated())
                .httpBasic(b -> b.realmName("greenex").authenticationEntryPoint(Problems.entryPoint()))
                .addFilterBefore(new LoginThrottleFilter(throttle), BasicAuthenticationFilter.class)
                .addFilterBefore(new ApiTokenFilter(tokens), BasicAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(Problems.entryPoint()).accessDeniedHandler(Problems.accessDenied()))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(c -> c.disable())
                .build();
    }

    /** A request the firewall refuses (a NUL byte, an encoded slash …): 400 problem JSON that says why, not the container's page. */
    @Bean
    org.springframework.security.web.firewall.RequestRejectedHandler requestRejectedHandler() {
        return (request, response, e) -> Problems.write(response, org.springframework.http.HttpStatus.BAD_REQUEST,
                "the request was refused: " + e.getMessage());
    }

    /**
     * Vaadin's configurer leaves the login form's POST out of CSRF protection (vaadin/flow#17427), which
     * lets another site sign a victim in to an account of its choosing (login CSRF). The login page
     * carries the token in its meta tags and the login form sends it: checked here, against the token
     * in the session, as Spring Security checks every other form.
     */
    private static org.springframework.security.web.csrf.CsrfFilter loginCsrf() {
        var filter = new org.springframework.security.web.csrf.CsrfFilter(new org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository());
        filter.setRequireCsrfProtectionMatcher(request -> "POST".equals(request.getMethod()) && "/login".equals(request.getServletPath()));
        filter.setRequestHandler(new org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler());
        filter.setAccessDeniedHandler((request, response, e) -> response.sendRedirect(request.getContextPath() + "/login?error"));
        return filter;
    }

    @Bean
    @Order(2)
    SecurityFilterChain viewChain(HttpSecurity http, LoginThrottle throttle) throws Exception {
        http.authorizeHttpRequests(a -> a.requestMatchers("/styles/**", "/images/**", "/js/**").permitAll());
        http.addFilterBefore(new LoginThrottleFilter(throttle), org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter.class);
        http.addFilterBefore(loginCsrf(), org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter.class);
        return http.with(VaadinSecurityConfigurer.vaadin(), c -> c.loginView(LoginView.class)).build();
    }
}
