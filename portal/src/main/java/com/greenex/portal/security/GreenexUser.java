package com.greenex.portal.security;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * A portal user: its roles (REGULATOR, DISPATCHER, INTEGRATOR, PARTICIPANT, ADMIN) and, for a
 * participant, the one participant whose data it may see.
 */
public class GreenexUser extends User {

    public static final Set<String> ROLES = Set.of("REGULATOR", "DISPATCHER", "INTEGRATOR", "PARTICIPANT", "ADMIN", "APPLICANT");

    private final long id;
    private final String displayName;
    private final String participantId;

    public GreenexUser(long id, String username, String passwordHash, boolean enabled, String displayName, String participantId,
                       Collection<String> roles) {
        super(username, passwordHash, enabled, true, true, true, authorities(roles));
        this.id = id;
        this.displayName = displayName;
        this.participantId = participantId;
    }

    private static List<GrantedAuthority> authorities(Collection<String> roles) {
        return roles.stream().map(r -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + r)).toList();
    }

    public long id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    /** The participant this user trades as, or null for the operators' roles. */
    public String participantId() {
        return participantId;
    }

    public boolean hasRole(String role) {
        return getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_" + role));
    }
}
