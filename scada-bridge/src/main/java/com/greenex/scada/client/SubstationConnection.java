package com.greenex.scada.client;

import com.greenex.scada.mapping.PointMapping;
import com.greenex.scada.mapping.PointProblem;
import com.greenex.scada.mapping.Security;
import com.greenex.scada.mapping.SubstationMapping;
import com.greenex.scada.security.Pki;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.sdk.client.identity.X509IdentityProvider;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;

import java.math.BigDecimal;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * One substation's OPC UA endpoint, subscribed to every mapped point (OPC UA Part 4, 5.12-5.13:
 * monitored items in one subscription). Values arrive with their source and server timestamps and
 * status codes, as they came; a point the server does not know, or whose value is not a number,
 * is reported through {@link ReadingListener#onPointProblem} while the others keep working.
 *
 * <p>When the connection drops, Milo's session state machine reconnects with its own backoff; when the
 * server lost the subscription meanwhile (a restart), it is made anew here, with backoff.
 *
 * <p>Security: policy None (the demo) or Basic256Sha256 with Sign or SignAndEncrypt, the server's
 * certificate checked against the bridge's trust list on disk ({@link Pki}); identity anonymous,
 * username with the password from the environment, or the bridge's certificate.
 */
public final class SubstationConnection implements AutoCloseable {

    /** StatusCode Bad_TypeMismatch (Part 4, 7.39): the node's value is not a number. */
    public static final long BAD_TYPE_MISMATCH = 0x80740000L;

    private final SubstationMapping mapping;
    private final Duration samplingInterval;
    private final Duration publishingInterval;
    private final ReadingListener listener;
    private final java.util.concurrent.atomic.AtomicLong resubscriptions = new java.util.concurrent.atomic.AtomicLong();
    private volatile OpcUaClient client;
    private volatile OpcUaSubscription subscription;
    private volatile boolean closed;
    private volatile String lastError;

    /**
     * The bridge's certificate and trust list (null when it has none: security None only), and where
     * users' passwords come from.
     */
    public record ClientSecurity(Pki pki, Passwords passwords) {
    }

    private final ClientSecurity security;

    private volatile boolean connected;

    public SubstationConnection(SubstationMapping mapping, Duration samplingInterval, Duration publishingInterval,
                                ReadingListener listener) {
        this(mapping, samplingInterval, publishingInterval, listener, null);
    }

    public SubstationConnection(SubstationMapping mapping, Duration samplingInterval, Duration publishingInterval,
                                ReadingListener listener, ClientSecurity security) {
        this.security = security;
        this.mapping = mapping;
        this.samplingInterval = samplingInterval;
        this.publishingInterval = publishingInterval;
        this.listener = listener;
    }

    /** Connects and subscribes; returns the points that could not be subscribed, with reasons. */
    public List<PointProblem> connect() throws UaException, InterruptedException {
        Security wanted = mapping.security();
        SecurityPolicy policy = wanted.policy().equals("None") ? SecurityPolicy.None : SecurityPolicy.Basic256Sha256;
        MessageSecurityMode mode = MessageSecurityMode.valueOf(wanted.mode());
        boolean needsPki = policy != SecurityPolicy.None || wanted.certificateIdentity();
        if (needsPki && (security == null || security.pki() == null)) {
            throw new UaException(0x80000000L, mapping.substation() + ": security policy " + wanted.policy()
                    + " needs the bridge's certificate directory (--pki-dir)");
        }
        IdentityProvider identity = identity(wanted);
        client = OpcUaClient.create(mapping.endpoint(),
                endpoints -> endpoints.stream()
                        .filter(e -> policy.getUri().equals(e.getSecurityPolicyUri()))
                        .filter(e -> e.getSecurityMode() == mode)
                        .findFirst(),
                transport -> { },
                config -> {
                    config.setIdentityProvider(identity).setRequestTimeout(uint(10_000));
                    if (security != null && security.pki() != null) {
                        X509Certificate cert = security.pki().certificate();
                        config.setApplicationUri(CertificateUtil.getSanUri(cert).orElse("urn:greenex:scada-bridge"))
                                .setKeyPair(security.pki().keyPair())
                                .setCertificate(cert)
                                .setCertificateChain(new X509Certificate[] {cert})
                                .setCertificateValidator(new DefaultClientCertificateValidator(
                                        security.pki().trustList(), security.pki().quarantine()));
                    } else {
                        config.setApplicationUri("urn:greenex:scada-bridge");
                    }
                });
        client.addSessionActivityListener(new org.eclipse.milo.opcua.sdk.client.SessionActivityListener() {
            @Override
            public void onSessionActive(org.eclipse.milo.opcua.sdk.client.UaSession session) {
                connected = true;
            }

            @Override
            public void onSessionInactive(org.eclipse.milo.opcua.sdk.client.UaSession session) {
                connected = false;
            }
        });
        try {
            client.connectAsync().toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new UaException(0x80000000L, "cannot connect to " + mapping.endpoint() + " (" + wanted.policy() + "/" + wanted.mode()
                    + "): " + cause.getMessage());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new UaException(0x80000000L, "cannot connect to " + mapping.endpoint() + ": no answer in 15 s");
        }
        List<PointProblem> problems = subscribe();
        problems.forEach(listener::onPointProblem);
        return problems;
    }

    /** Creates the subscription and its monitored items on the current session. */
    private List<PointProblem> subscribe() throws UaException {
        List<PointProblem> problems = new ArrayList<>();
        OpcUaSubscription created = new OpcUaSubscription(client, (double) publishingInterval.toMillis());
        List<OpcUaMonitoredItem> items = new ArrayList<>();
        for (PointMapping point : mapping.points()) {
            Optional<NodeId> nodeId = resolve(point.node());
            if (nodeId.isEmpty()) {
                problems.add(new PointProblem(point.index(), point.participant(), point.node(),
                        "the server has no namespace " + namespaceOf(point.node())));
                continue;
            }
            OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(nodeId.get());
            item.setSamplingInterval((double) samplingInterval.toMillis());
            item.setQueueSize(uint(100));
            item.setUserObject(point);
            item.setDataValueListener((it, value) -> deliver(point, value));
            items.add(item);
        }
        created.addMonitoredItems(items);
        created.setSubscriptionListener(new OpcUaSubscription.SubscriptionListener() {
            @Override
            public void onTransferFailed(OpcUaSubscription subscription, StatusCode status) {
                // The server lost the session's subscriptions (it restarted): make them anew.
                resubscribe();
            }
        });
        created.create();
        created.createMonitoredItems();
        for (OpcUaMonitoredItem item : items) {
            PointMapping point = (PointMapping) item.getUserObject().orElseThrow();
            Optional<StatusCode> result = item.getCreateResult();
            if (result.isPresent() && !result.get().isGood()) {
                problems.add(new PointProblem(point.index(), point.participant(), point.node(),
                        "the server refused to monitor it: " + result.get()));
            }
        }
        subscription = created;
        return problems;
    }

    private void resubscribe() {
        Thread.ofVirtual().name("greenex-resubscribe").start(() -> {
            long backoff = 200;
            while (!closed) {
                try {
                    subscribe();
                    resubscriptions.incrementAndGet();
                    return;
                } catch (UaException | RuntimeException e) {
                    lastError = e.getMessage();
                    try {
                        Thread.sleep(backoff);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    backoff = Math.min(backoff * 2, 10_000);
                }
            }
        });
    }

    /** A setpoint to write: the mapped point (a {@code BATTERY_SETPOINT_KW}) and the power, kW (positive charges). */
    public record Setpoint(PointMapping point, BigDecimal kw) {
    }

    /**
     * What became of one setpoint: written (the server said Good) and read back, or refused with the
     * server's status or the reason it could not be sent.
     */
    public record SetpointResult(PointMapping point, BigDecimal kw, boolean written, String detail, BigDecimal readBack) {
    }

    /** Largest number of values sent in one Write (and read back in one Read): servers limit the nodes per call. */
    static final int WRITE_CHUNK = 1000;

    /**
     * Writes each setpoint as a Double with the OPC UA Write service (Part 4, 5.10.4), then reads the
     * nodes back. Any server with writable Double nodes will do. A point that is refused says why; the
     * others are written regardless. Never throws for one point: a whole call that fails names its
     * reason on every point of the call.
     */
    public List<SetpointResult> write(List<Setpoint> setpoints) {
        List<SetpointResult> out = new ArrayList<>(setpoints.size());
        OpcUaClient c = client;
        for (int from = 0; from < setpoints.size(); from += WRITE_CHUNK) {
            List<Setpoint> chunk = setpoints.subList(from, Math.min(setpoints.size(), from + WRITE_CHUNK));
            if (c == null || !connected) {
                for (Setpoint s : chunk) {
                    out.add(new SetpointResult(s.point(), s.kw(), false, "not connected to " + mapping.endpoint(), null));
                }
                continue;
            }
            List<NodeId> ids = new ArrayList<>();
            List<Setpoint> resolved = new ArrayList<>();
            for (Setpoint s : chunk) {
                Optional<NodeId> id = resolve(s.point().node());
                if (id.isEmpty()) {
                    out.add(new SetpointResult(s.point(), s.kw(), false, "the server has no namespace " + namespaceOf(s.point().node()), null));
                } else {
                    ids.add(id.get());
                    resolved.add(s);
                }
            }
            if (ids.isEmpty()) {
                continue;
            }
            List<DataValue> values = resolved.stream()
                    .map(s -> DataValue.valueOnly(new org.eclipse.milo.opcua.stack.core.types.builtin.Variant(s.kw().doubleValue()))).toList();
            try {
                List<StatusCode> status = c.writeValues(ids, values);
                List<DataValue> back = c.readValues(0, org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn.Neither, ids);
                for (int i = 0; i < resolved.size(); i++) {
                    Setpoint s = resolved.get(i);
                    StatusCode sc = status.get(i);
                    Object v = back.get(i).value() == null ? null : back.get(i).value().value();
                    BigDecimal readBack = v instanceof Number n && Double.isFinite(n.doubleValue()) ? BigDecimal.valueOf(n.doubleValue()) : null;
                    out.add(new SetpointResult(s.point(), s.kw(), sc.isGood(), sc.isGood() ? null : "the server refused the write: " + sc, readBack));
                }
            } catch (UaException | RuntimeException e) {
                for (Setpoint s : resolved) {
                    out.add(new SetpointResult(s.point(), s.kw(), false, "the write to " + mapping.endpoint() + " failed: " + e.getMessage(), null));
                }
            }
        }
        return out;
    }

    /** How often the subscription had to be made anew after the server lost it. */
    public long resubscriptions() {
        return resubscriptions.get();
    }

    public String lastError() {
        return lastError;
    }

    /** Whether the session with the server is active now (false while the client reconnects). */
    public boolean connected() {
        return connected;
    }

    public String endpoint() {
        return mapping.endpoint();
    }

    private IdentityProvider identity(Security wanted) throws UaException {
        if (wanted.certificateIdentity()) {
            return new X509IdentityProvider(security.pki().certificate(), security.pki().keyPair().getPrivate());
        }
        if (wanted.username() != null) {
            Passwords passwords = security == null ? Passwords.environmentOnly() : security.passwords();
            try {
                return new UsernameProvider(wanted.username(), passwords.of(mapping.substation(), wanted));
            } catch (IllegalStateException e) {
                throw new UaException(0x80000000L, e.getMessage());
            }
        }
        return new AnonymousProvider();
    }

    private Optional<NodeId> resolve(String node) {
        try {
            ExpandedNodeId id = ExpandedNodeId.parse(node);
            return id.toNodeId(client.getNamespaceTable());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String namespaceOf(String node) {
        int semicolon = node.indexOf(';');
        return semicolon < 0 ? node : node.substring(0, semicolon);
    }

    private void deliver(PointMapping point, DataValue value) {
        long status = value.statusCode() == null ? 0 : value.statusCode().value();
        Object body = value.value() == null ? null : value.value().value();
        BigDecimal number = null;
        if (body instanceof Double d && Double.isFinite(d)) {
            number = BigDecimal.valueOf(d);
        } else if (body instanceof Float f && Float.isFinite(f)) {
            number = new BigDecimal(Float.toString(f));
        } else if (body instanceof Number n && !(body instanceof Double) && !(body instanceof Float)) {
            number = new BigDecimal(n.toString());
        } else if (body != null && com.greenex.scada.store.Reading.isGood(status)) {
            // Not a number: keep that it came, as bad, and say why once per value.
            listener.onPointProblem(new PointProblem(point.index(), point.participant(), point.node(),
                    "wrong data type: " + body.getClass().getSimpleName() + " is not a number"));
            status = BAD_TYPE_MISMATCH;
        }
        if (number == null && com.greenex.scada.store.Reading.isGood(status)) {
            status = BAD_TYPE_MISMATCH;
        }
        listener.onValue(point, instant(value.sourceTime()), instant(value.serverTime()), number, status);
    }

    private static Instant instant(DateTime t) {
        return t == null || t.isNull() ? null : t.getJavaInstant();
    }

    @Override
    public void close() throws Exception {
        closed = true;
        if (client != null) {
            client.disconnectAsync().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
