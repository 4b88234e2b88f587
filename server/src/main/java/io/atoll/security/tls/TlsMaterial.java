package io.atoll.security.tls;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's live TLS material: the key manager serving its certificate, the trust manager over its CAs (when a CA
 * file is configured), and the watcher that swaps both when the files change. Every TLS stack of the node (Jetty,
 * grpc-netty-shaded, Ratis's shaded Netty) takes the same manager instances, so one rotation reaches all of them.
 * Thread-safe.
 */
public final class TlsMaterial implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TlsMaterial.class);

    private final ReloadingKeyManager keyManager;
    private final ReloadingTrustManager trustManager;
    private final CertificateWatcher watcher;

    private TlsMaterial(ReloadingKeyManager keyManager, ReloadingTrustManager trustManager, CertificateWatcher watcher) {
        this.keyManager = keyManager;
        this.trustManager = trustManager;
        this.watcher = watcher;
    }

    /**
     * Reads the files and starts watching them.
     *
     * @throws TlsFileException naming the file and the problem when the material cannot be used; a node must not
     *                          start with TLS it was told to have and cannot serve
     */
    public static TlsMaterial load(TlsFiles files) {
        MaterialSnapshot snapshot = MaterialSnapshot.take(files);
        MaterialSnapshot.Material material = snapshot.parse();
        ReloadingKeyManager keys = new ReloadingKeyManager(material.identity());
        ReloadingTrustManager trust = files.ca().isPresent() ? new ReloadingTrustManager(material.cas()) : null;
        LOG.info("TLS certificate loaded from {}: {}{}", files.cert(), describe(material.identity()),
                trust == null ? "" : ", " + material.cas().size() + " CA certificate(s) from " + files.caCert());
        return new TlsMaterial(keys, trust, new CertificateWatcher(files, snapshot, keys, trust));
    }

    public ReloadingKeyManager keyManager() {
        return keyManager;
    }

    /** Present when a CA file is configured. */
    public Optional<ReloadingTrustManager> trustManager() {
        return Optional.ofNullable(trustManager);
    }

    /** The watcher, for its counters. */
    public CertificateWatcher watcher() {
        return watcher;
    }

    /**
     * A JDK context for a server socket or engine. With {@code requireClientCert}, every socket and engine it makes
     * refuses clients without a certificate that the CAs sign; that needs a CA file.
     */
    public SSLContext serverContext(boolean requireClientCert) {
        if (requireClientCert && trustManager == null) {
            throw new IllegalStateException("client certificates can only be required with a CA certificate file");
        }
        SSLContext context = context(trustManager);
        return requireClientCert ? ClientCertificateRequired.wrap(context) : context;
    }

    /**
     * A JDK context for calls to peers: it presents this node's certificate and trusts what the CAs sign, with no
     * host name check (see {@link ReloadingTrustManager}). Needs a CA file.
     */
    public SSLContext clientContext() {
        if (trustManager == null) {
            throw new IllegalStateException("outgoing TLS calls need a CA certificate file to verify peers against");
        }
        return context(trustManager);
    }

    @Override
    public void close() {
        watcher.close();
    }

    /** Subject, serial and expiry of the leaf, for logs. */
    static String describe(TlsIdentity identity) {
        X509Certificate leaf = identity.leaf();
        return leaf.getSubjectX500Principal() + ", serial " + leaf.getSerialNumber().toString(16) + ", "
                + identity.key().getAlgorithm() + ", valid until " + leaf.getNotAfter().toInstant();
    }

    private SSLContext context(ReloadingTrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keyManager}, trust == null ? null : new TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make a TLS context: " + e.getMessage(), e);
        }
    }
}
