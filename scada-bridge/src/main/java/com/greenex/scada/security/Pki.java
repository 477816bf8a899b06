package com.greenex.scada.security;

import org.eclipse.milo.opcua.stack.core.security.CertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.FileBasedCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.FileBasedTrustListManager;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * An OPC UA application's own certificate and its trust list, on disk (OPC UA Part 12, 7: the
 * {@code pki/trusted}, {@code pki/rejected} folders): {@code <dir>/own.pfx} holds the key pair and
 * self-signed certificate, made on first use; {@code <dir>/pki/trusted/certs} the peers it trusts.
 * A peer that is not trusted is refused and its certificate put in {@code pki/rejected/certs}, where an
 * administrator can review it and move it to trusted.
 */
public final class Pki {

    private static final String ALIAS = "own";

    private final Path dir;
    private final KeyPair keyPair;
    private final X509Certificate certificate;
    private final FileBasedTrustListManager trustList;
    private final CertificateQuarantine quarantine;

    private Pki(Path dir, KeyPair keyPair, X509Certificate certificate, FileBasedTrustListManager trustList,
                CertificateQuarantine quarantine) {
        this.dir = dir;
        this.keyPair = keyPair;
        this.certificate = certificate;
        this.trustList = trustList;
        this.quarantine = quarantine;
    }

    /**
     * @param keystorePassword protects own.pfx; from a file or the environment, never from code
     */
    public static Pki open(Path dir, String applicationUri, String commonName, char[] keystorePassword)
            throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        Path store = dir.resolve("own.pfx");
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        if (Files.exists(store)) {
            try (InputStream in = Files.newInputStream(store)) {
                keyStore.load(in, keystorePassword);
            }
        } else {
            keyStore.load(null, keystorePassword);
            KeyPair pair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
            X509Certificate cert;
            try {
                cert = new SelfSignedCertificateBuilder(pair)
                        .setCommonName(commonName)
                        .setOrganization("Greenex")
                        .setApplicationUri(applicationUri)
                        .addDnsName("localhost")
                        .addIpAddress("127.0.0.1")
                        .build();
            } catch (Exception e) {
                throw new GeneralSecurityException("cannot make a certificate for " + applicationUri + ": " + e.getMessage(), e);
            }
            keyStore.setKeyEntry(ALIAS, pair.getPrivate(), keystorePassword, new X509Certificate[] {cert});
            try (OutputStream out = Files.newOutputStream(store)) {
                keyStore.store(out, keystorePassword);
            }
        }
        X509Certificate cert = (X509Certificate) keyStore.getCertificate(ALIAS);
        PrivateKey key = (PrivateKey) keyStore.getKey(ALIAS, keystorePassword);
        Path pki = dir.resolve("pki");
        FileBasedTrustListManager trust = FileBasedTrustListManager.createAndInitialize(pki);
        CertificateQuarantine quarantine = FileBasedCertificateQuarantine.create(pki.resolve("rejected").resolve("certs"));
        return new Pki(dir, new KeyPair(cert.getPublicKey(), key), cert, trust, quarantine);
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public FileBasedTrustListManager trustList() {
        return trustList;
    }

    public CertificateQuarantine quarantine() {
        return quarantine;
    }

    public Path dir() {
        return dir;
    }

    /** Puts a peer's certificate in the trust list (as an administrator would, by copying the file). */
    public void trust(X509Certificate peer) {
        trustList.addTrustedCertificate(peer);
    }
}
