package com.greenex.portal.security;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;

/**
 * Whose data a request may see: everyone's for the market's operators (regulator, dispatcher,
 * admin), only its own participant's for a PARTICIPANT, and none for an integrator, whose work is the
 * substations' data, not anyone's trades or bills (least privilege). Every query that returns
 * participant data takes one.
 */
public record Viewer(String username, String participantId, boolean operator) {

    public static Viewer of(Authentication authentication) {
        if (authentication == null || !(authentication.getPrincipal() instanceof GreenexUser user)) {
            throw new AccessDeniedException("not signed in");
        }
        boolean operator = user.hasRole("REGULATOR") || user.hasRole("DISPATCHER") || user.hasRole("ADMIN");
        // An applicant's login names its participant too, but it sees no market data until it is admitted.
        String participant = user.hasRole("PARTICIPANT") ? user.participantId() : null;
        if (!operator && participant == null) {
            throw new AccessDeniedException("user " + user.getUsername() + " has no role that may see market data"
                    + (user.hasRole("APPLICANT") ? " (an applicant sees its market data once admitted)" : ""));
        }
        return new Viewer(user.getUsername(), participant, operator);
    }

    /** Whether the user runs part of the operator's systems (and may see their addresses): everyone but a participant. */
    public static boolean runsSystems(Authentication authentication) {
        return authentication != null && authentication.getPrincipal() instanceof GreenexUser user
                && (user.hasRole("REGULATOR") || user.hasRole("DISPATCHER") || user.hasRole("INTEGRATOR") || user.hasRole("ADMIN"));
    }

    /** Everyone's data: for the operator roles' tools and for the market's own work. */
    public static Viewer system(String name) {
        return new Viewer(name, null, true);
    }

    public boolean maySee(String participant) {
        return operator || (participantId != null && participantId.equals(participant));
    }

    /** Refuses, naming the participant, when this viewer may not see its data. */
    public void requireMaySee(String participant) {
        if (!maySee(participant)) {
            throw new AccessDeniedException(username + " may see only participant " + participantId + "'s data, not " + participant + "'s");
        }
    }
}
