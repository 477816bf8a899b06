package com.greenex.portal.scada;

import com.greenex.portal.audit.AuditAction;
import com.greenex.portal.audit.AuditLog;
import com.greenex.scada.client.Passwords;
import com.greenex.scada.client.SubstationConnection;
import com.greenex.scada.security.Pki;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;

import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The portal's own OPC UA certificate and trust list on disk ({@code greenex.scada.pki-dir}, its
 * keystore password in {@code GREENEX_SCADA_PKI_PASSWORD}): what a secure substation (Basic256Sha256,
 * Sign or SignAndEncrypt, username or certificate identity) needs. A substation's server certificate
 * that is not trusted yet is refused and kept for the integrator, who accepts or rejects it (audited).
 * Passwords named by a mapping's {@code passwordEnv} come from the environment, those named by its
 * {@code passwordFile} from the secrets directory; never from the database.
 */
@Service
public class ScadaPki {

    /** A server certificate waiting for the integrator's review. */
    public record Pending(String thumbprint, String subject, String applicationUri, Instant notAfter) {
    }

    private final ScadaProperties properties;
    private final Environment environment;
    private final AuditLog audit;
    private volatile Pki pki;

    public ScadaPki(ScadaProperties properties, Environment environment, AuditLog audit) {
        this.properties = properties;
        this.environment = environment;
        this.audit = audit;
    }

    public boolean configured() {
        return properties.pkiDir() != null;
    }

    /**
     * The client security for a connection: the portal's certificate and trust list (none when no PKI
     * is configured: security None only), and users' passwords from the environment or the secrets
     * directory ({@code greenex.scada.secrets-dir}).
     */
    public SubstationConnection.ClientSecurity clientSecurity() {
        return new SubstationConnection.ClientSecurity(configured() ? pki() : null,
                new Passwords(environment::getProperty, properties.secretsDir()));
    }

    /** The portal's own certificate, which a substation's server must trust. */
    public X509Certificate certificate() {
        return pki().certificate();
    }

    /** Server certificates refused so far, for review. */
    public List<Pending> pending() {
        if (!configured()) {
            return List.of();
        }
        return pki().quarantine().getRejectedCertificates().stream().map(c -> new Pending(thumbprint(c), c.getSubjectX500Principal().getName(),
                applicationUri(c), c.getNotAfter().toInstant())).toList();
    }

    /** Accepts a refused server certificate: it goes to the trust list (audited). */
    public Pending trust(String thumbprint, String actor) {
        X509Certificate c = find(thumbprint);
        pki().trust(c);
        pki().quarantine().removeRejectedCertificate(c);
        Pending p = pending(c);
        audit.append(actor, AuditAction.CERTIFICATE_TRUSTED, "certificate:" + p.thumbprint(), Map.of("subject", p.subject(), "applicationUri",
                p.applicationUri()));
        return p;
    }

    /** Rejects a refused server certificate for good: it is removed from review (audited); the server stays untrusted. */
    public Pending reject(String thumbprint, String actor) {
        X509Certificate c = find(thumbprint);
        pki().quarantine().removeRejectedCertificate(c);
        Pending p = pending(c);
        audit.append(actor, AuditAction.CERTIFICATE_REJECTED, "certificate:" + p.thumbprint(), Map.of("subject", p.subject(), "applicationUri",
                p.applicationUri()));
        return p;
    }

    private X509Certificate find(String thumbprint) {
        if (!configured()) {
            throw new IllegalStateException("no PKI is configured (greenex.scada.pki-dir): there are no certificates to review");
        }
        return pki().quarantine().getRejectedCertificates().stream().filter(c -> thumbprint(c).equalsIgnoreCase(thumbprint)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no refused certificate with thumbprint " + thumbprint));
    }

    private static Pending pending(X509Certificate c) {
        return new Pending(thumbprint(c), c.getSubjectX500Principal().getName(), applicationUri(c), c.getNotAfter().toInstant());
    }

    /** SHA-1 of the DER encoding, as OPC UA names certificates. */
    static String thumbprint(X509Certificate c) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(c.getEncoded()));
        } catch (CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("a certificate that cannot be encoded: " + e.getMessage(), e);
        }
    }

    private static String applicationUri(X509Certificate c) {
        try {
            if (c.getSubjectAlternativeNames() != null) {
                for (List<?> san : c.getSubjectAlternativeNames()) {
                    if (Integer.valueOf(6).equals(san.get(0))) {
                        return String.valueOf(san.get(1));
                    }
                }
            }
        } catch (java.security.cert.CertificateParsingException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
        return "";
    }

    private Pki pki() {
        Pki p = pki;
        if (p == null) {
            synchronized (this) {
                if (pki == null) {
                    String password = properties.pkiPassword();
                    if (password == null || password.isBlank()) {
                        throw new IllegalStateException("greenex.scada.pki-dir " + properties.pkiDir()
                                + ": set GREENEX_SCADA_PKI_PASSWORD (greenex.scada.pki-password) to the password of its own.pfx "
                                + "(it is made with that password on first use)");
                    }
                    try {
                        pki = Pki.open(properties.pkiDir(), "urn:greenex:portal:" + java.net.InetAddress.getLoopbackAddress().getHostName(),
                                "Greenex portal", password.toCharArray());
                    } catch (Exception e) {
                        throw new IllegalStateException("greenex.scada.pki-dir " + properties.pkiDir() + " cannot be opened: " + e.getMessage(), e);
                    }
                }
                p = pki;
            }
        }
        return p;
    }
}
