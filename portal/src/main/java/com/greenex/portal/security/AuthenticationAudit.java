package com.greenex.portal.security;

import com.greenex.portal.audit.AuditLog;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Every sign-in to the portal, every failed one (views or API) and every sign-out, in the audit log.
 * A successful API call with basic credentials or a token is a request, not a login, and is not logged.
 */
@Component
public class AuthenticationAudit {

    private final AuditLog audit;

    public AuthenticationAudit(AuditLog audit) {
        this.audit = audit;
    }

    @EventListener
    public void loggedIn(InteractiveAuthenticationSuccessEvent e) {
        audit.append(e.getAuthentication().getName(), "LOGIN", "user:" + e.getAuthentication().getName(), "{}");
    }

    @EventListener
    public void failed(AbstractAuthenticationFailureEvent e) {
        String name = String.valueOf(e.getAuthentication().getName());
        audit.append(name, "LOGIN_FAILED", "user:" + name, "{\"reason\": " + Json.quote(e.getException().getMessage()) + "}");
    }

    @EventListener
    public void loggedOut(LogoutSuccessEvent e) {
        audit.append(e.getAuthentication().getName(), "LOGOUT", "user:" + e.getAuthentication().getName(), "{}");
    }
}
