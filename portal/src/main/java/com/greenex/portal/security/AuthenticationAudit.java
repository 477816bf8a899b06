package com.greenex.portal.security;

import com.greenex.portal.audit.AuditAction;
import com.greenex.portal.audit.AuditLog;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * Every sign-in to the portal, every failed one (views or API) and every sign-out, in the audit log.
 * A successful API call with basic credentials or a token is a request, not a login, and is not logged.
 */
@Component
class AuthenticationAudit {

    private final AuditLog audit;
    private final LoginThrottle throttle;

    AuthenticationAudit(AuditLog audit, LoginThrottle throttle) {
        this.audit = audit;
        this.throttle = throttle;
    }

    /** Any successful password check (form or HTTP basic) clears the account's failed sign-ins. */
    @EventListener
    public void succeeded(org.springframework.security.authentication.event.AuthenticationSuccessEvent e) {
        throttle.succeeded(e.getAuthentication().getName());
    }

    @EventListener
    public void loggedIn(InteractiveAuthenticationSuccessEvent e) {
        audit.append(e.getAuthentication().getName(), AuditAction.LOGIN, "user:" + e.getAuthentication().getName(), Map.of());
    }

    @EventListener
    public void failed(AbstractAuthenticationFailureEvent e) {
        String name = bounded(String.valueOf(e.getAuthentication().getName()));
        String address = e.getAuthentication().getDetails() instanceof org.springframework.security.web.authentication.WebAuthenticationDetails d
                ? d.getRemoteAddress() : null;
        audit.append(name, AuditAction.LOGIN_FAILED, "user:" + name, Map.of("reason", bounded(String.valueOf(e.getException().getMessage()))));
        throttle.failed(name, address).ifPresent(block -> audit.append(name, AuditAction.LOGIN_THROTTLED, "user:" + name,
                Map.of("reason", block.reason(), "until", block.until().toString(), "address", String.valueOf(address))));
    }

    @EventListener
    public void loggedOut(LogoutSuccessEvent e) {
        audit.append(e.getAuthentication().getName(), AuditAction.LOGOUT, "user:" + e.getAuthentication().getName(), Map.of());
    }

    /** The longest name kept in the audit log as given: a 2 MB "username" must not write megabytes of audit. */
    static final int MAX_NAME = 64;

    /** The first {@value #MAX_NAME} characters of what was typed, with how long it was when longer; control characters shown as '?'. */
    static String bounded(String typed) {
        String shown = typed.length() <= MAX_NAME ? typed : typed.substring(0, MAX_NAME) + "…(" + typed.length() + " characters)";
        StringBuilder b = new StringBuilder(shown.length());
        shown.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }
}
