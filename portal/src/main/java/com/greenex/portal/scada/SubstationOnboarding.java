package com.greenex.portal.scada;

import com.greenex.scada.client.ReadingListener;
import com.greenex.scada.client.SubstationConnection;
import com.greenex.scada.mapping.PointMapping;
import com.greenex.scada.mapping.PointProblem;
import com.greenex.scada.mapping.SubstationMapping;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A utility connects a substation while the market runs: its mapping is checked point by point (the
 * file's own problems, then every node on the live endpoint), registered whole or not at all, and
 * bridged at once; from the next gate closure the substation is a market zone of its own.
 */
@Service
public class SubstationOnboarding {

    /** What was connected: the substation, its points, the bridge's state. */
    public record Connected(String substation, int points, SubstationStatus status) {
    }

    private final MappingRegistration registration;
    private final ObjectProvider<ScadaBridge> bridge;
    private final ScadaPki pki;

    public SubstationOnboarding(MappingRegistration registration, ObjectProvider<ScadaBridge> bridge, ScadaPki pki) {
        this.registration = registration;
        this.bridge = bridge;
        this.pki = pki;
    }

    /**
     * @throws IllegalArgumentException naming every point that is wrong (in the file or on the endpoint); nothing is registered
     * @throws IllegalStateException    when the endpoint cannot be reached, the portal runs no bridge, or it bridges the substation already
     */
    public Connected connect(String actor, SubstationMapping mapping) {
        ScadaBridge b = bridge.getIfAvailable();
        if (b == null) {
            throw new IllegalStateException("this portal runs no SCADA bridge (greenex.scada.enabled=false): start a bridge beside it for "
                    + mapping.substation());
        }
        if (!mapping.problems().isEmpty()) {
            throw new IllegalArgumentException(describe(mapping.substation() + ": the mapping has problems, nothing was registered", mapping.problems()));
        }
        if (!mapping.security().policy().equals("None") && !pki.configured()) {
            throw new IllegalStateException(mapping.substation() + ": security policy " + mapping.security().policy()
                    + " needs the portal's certificate and trust list: set greenex.scada.pki-dir and GREENEX_SCADA_PKI_PASSWORD");
        }
        java.util.Set<String> refusedBefore = pki.pending().stream().map(ScadaPki.Pending::thumbprint).collect(Collectors.toSet());
        List<PointProblem> onEndpoint;
        try {
            onEndpoint = probe(mapping, pki.clientSecurity());
        } catch (IllegalStateException e) {
            // A server certificate the portal does not trust yet: the integrator reviews it, then connects again.
            ScadaPki.Pending refused = pki.pending().stream().filter(p -> !refusedBefore.contains(p.thumbprint())).findFirst().orElse(null);
            if (refused != null) {
                throw new IllegalStateException(mapping.substation() + ": the server certificate of " + mapping.endpoint() + " is not trusted yet ("
                        + refused.subject() + ", thumbprint " + refused.thumbprint() + "): accept it (SCADA integration, or POST /api/substations/certificates/"
                        + refused.thumbprint() + "/trust) and connect again", e);
            }
            throw e;
        }
        if (!onEndpoint.isEmpty()) {
            throw new IllegalArgumentException(describe(mapping.substation() + ": points the endpoint " + mapping.endpoint()
                    + " does not serve, nothing was registered", onEndpoint));
        }
        MappingRegistration.Registered r = registration.registerWhole(actor, mapping);
        return new Connected(mapping.substation(), r.points(), b.connect(mapping));
    }

    /** Connects once and subscribes every point, to learn which ones the endpoint refuses; then lets go. */
    private static List<PointProblem> probe(SubstationMapping mapping, SubstationConnection.ClientSecurity security) {
        ReadingListener ignore = new ReadingListener() {
            @Override
            public void onValue(PointMapping point, Instant sourceTime, Instant serverTime, BigDecimal value, long statusCode) {
            }

            @Override
            public void onPointProblem(PointProblem problem) {
            }
        };
        SubstationConnection c = new SubstationConnection(mapping, Duration.ofSeconds(1), Duration.ofSeconds(1), ignore, security);
        try {
            return c.connect();
        } catch (Exception e) {
            throw new IllegalStateException(mapping.substation() + ": endpoint " + mapping.endpoint() + " cannot be reached: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } finally {
            try {
                c.close();
            } catch (Exception e) {
                // The probe's session is done either way; a failure to close it leaves nothing registered or running.
                org.slf4j.LoggerFactory.getLogger(SubstationOnboarding.class).debug("closing the probe of {}: {}", mapping.substation(), e.getMessage());
            }
        }
    }

    private static String describe(String what, List<PointProblem> problems) {
        return what + ": " + problems.stream().limit(20).map(p -> "point " + p.index() + " (" + p.participant() + ", " + p.node() + "): " + p.reason())
                .collect(Collectors.joining("; ")) + (problems.size() > 20 ? "; and " + (problems.size() - 20) + " more" : "");
    }
}
