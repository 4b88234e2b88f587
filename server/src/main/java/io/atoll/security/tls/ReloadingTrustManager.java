package io.atoll.security.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trusts any certificate chain that the cluster's CAs sign, for peers and clients alike, and never checks host
 * names: a peer is whoever holds a key the cluster CA certified, whatever address it is reached at. The CAs can be
 * replaced while servers run; each handshake validates against the set current at that moment. Thread-safe.
 *
 * <p>Validation is the JDK's own PKIX trust manager over an in-memory key store of the CAs, called through its
 * socket-less methods. Those skip endpoint identification, so a host name check stays off even when the socket or
 * engine asks for one ({@code HttpsURLConnection} and {@code java.net.http} set "HTTPS"), yet they keep the checks
 * that matter: signatures, validity dates, CA constraints and the TLS extended key usage of the leaf.
 * This class must extend {@link X509ExtendedTrustManager}: JSSE wraps any plain {@link X509TrustManager} in an
 * adapter that adds the host name check back.
 */
public final class ReloadingTrustManager extends X509ExtendedTrustManager {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingTrustManager.class);
    /** Bounds the memory a stream of strangers with ever-new subjects can take; past it, warnings start afresh. */
    private static final int MAX_WARNED_SUBJECTS = 1024;

    private record Anchors(List<X509Certificate> cas, X509TrustManager pkix) {
    }

    private volatile Anchors anchors;
    private final Set<String> warnedSubjects = ConcurrentHashMap.newKeySet();
    private final AtomicLong refused = new AtomicLong();

    public ReloadingTrustManager(Collection<X509Certificate> cas) {
        replace(cas);
    }

    /** From the next handshake on, trust chains signed by {@code cas} (and only them). */
    public void replace(Collection<X509Certificate> cas) {
        if (cas == null || cas.isEmpty()) {
            throw new IllegalArgumentException("at least one CA certificate is required");
        }
        List<X509Certificate> copy = List.copyOf(cas);
        anchors = new Anchors(copy, pkix(copy));
    }

    /** The CAs trusted now. */
    public List<X509Certificate> cas() {
        return anchors.cas();
    }

    /** How many chains this trust manager has refused since it was made (each one, not only the logged ones). */
    public long refusedChains() {
        return refused.get();
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return anchors.cas().toArray(new X509Certificate[0]);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, authType, true, null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, authType, false, null);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, authType, true, host(socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, authType, false, host(socket));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain, authType, true, engine == null ? null : engine.getPeerHost());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain, authType, false, engine == null ? null : engine.getPeerHost());
    }

    private void check(X509Certificate[] chain, String authType, boolean client, String peerHost)
            throws CertificateException {
        X509TrustManager pkix = anchors.pkix();
        try {
            if (client) {
                pkix.checkClientTrusted(chain, authType);
            } else {
                pkix.checkServerTrusted(chain, authType);
            }
        } catch (CertificateException e) {
            refused.incrementAndGet();
            warnOnce(chain, peerHost, e);
            throw e;
        }
    }

    /** One WARN per certificate subject, so a peer retrying every second does not flood the log. */
    private void warnOnce(X509Certificate[] chain, String peerHost, CertificateException e) {
        String subject = chain == null || chain.length == 0 ? "(no certificate)"
                : chain[0].getSubjectX500Principal().getName();
        if (warnedSubjects.size() >= MAX_WARNED_SUBJECTS) {
            warnedSubjects.clear();
        }
        if (warnedSubjects.add(subject)) {
            LOG.warn("refused TLS handshake from {}: certificate {} failed validation against the cluster CA: {}",
                    peerHost == null ? "an unknown peer" : peerHost, subject, e.getMessage());
        }
    }

    private static String host(Socket socket) {
        InetAddress address = socket == null ? null : socket.getInetAddress();
        return address == null ? null : address.getHostAddress();
    }

    private static X509TrustManager pkix(List<X509Certificate> cas) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                store.setCertificateEntry("ca-" + i, cas.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            for (TrustManager tm : factory.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("the JDK's PKIX TrustManagerFactory made no X509TrustManager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a trust store over the CA certificates: " + e.getMessage(), e);
        }
    }
}
