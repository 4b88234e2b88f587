package io.atoll.security.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real JDK TLS server on 127.0.0.1 and a client that handshakes with it, to see which certificate a server
 * presents and whether it lets a client in. The server answers every accepted connection with one byte, so the
 * client knows it was let in: in TLS 1.3 a client finishes its handshake before the server has judged the client's
 * certificate, and a refusal shows only on the first read.
 */
final class TlsProbe implements AutoCloseable {
    static final int WELCOME = 42;

    /** What one client connection saw: the server's leaf and whether the server let it in (else why not). */
    record Outcome(X509Certificate serverLeaf, Exception failure) {
        boolean accepted() {
            return failure == null;
        }

        BigInteger serverSerial() {
            return serverLeaf == null ? null : serverLeaf.getSerialNumber();
        }
    }

    private final SSLServerSocket server;
    private final Thread acceptor;
    private final List<String> clientSubjects = new CopyOnWriteArrayList<>();
    private final List<Exception> serverFailures = new CopyOnWriteArrayList<>();

    TlsProbe(SSLContext serverContext) throws IOException {
        server = (SSLServerSocket) serverContext.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress());
        acceptor = Thread.ofPlatform().daemon().name("tls-probe-" + server.getLocalPort()).start(this::serve);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Subjects of the client certificates of connections the server accepted. */
    List<String> clientSubjects() {
        return clientSubjects;
    }

    /** Handshakes the server refused or that broke, server side. */
    List<Exception> serverFailures() {
        return serverFailures;
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve() {
        while (!server.isClosed()) {
            try (SSLSocket socket = (SSLSocket) server.accept()) {
                socket.setSoTimeout(5_000);
                try {
                    socket.startHandshake();
                    var peer = socket.getSession().getPeerCertificates();
                    clientSubjects.add(((X509Certificate) peer[0]).getSubjectX500Principal().getName());
                } catch (javax.net.ssl.SSLPeerUnverifiedException noClientCertificate) {
                    // A server that does not ask for client certificates has no peer certificate to record.
                }
                OutputStream out = socket.getOutputStream();
                out.write(WELCOME);
                out.flush();
            } catch (SocketException closed) {
                if (!server.isClosed()) {
                    serverFailures.add(closed);
                }
            } catch (IOException e) {
                serverFailures.add(e);
            }
        }
    }

    /**
     * Connects to {@code port} on 127.0.0.1 with {@code client}.
     *
     * @param protocol      "TLSv1.2" or "TLSv1.3"; null for the JDK's choice
     * @param checkHostName whether the client asks for HTTPS host name verification, as browsers and HTTP clients do
     */
    static Outcome connect(SSLContext client, int port, String protocol, boolean checkHostName) {
        X509Certificate serverLeaf = null;
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(5_000);
            SSLParameters parameters = socket.getSSLParameters();
            if (protocol != null) {
                parameters.setProtocols(new String[] {protocol});
            }
            if (checkHostName) {
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
            }
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            serverLeaf = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            if (protocol != null && !protocol.equals(socket.getSession().getProtocol())) {
                throw new IllegalStateException("negotiated " + socket.getSession().getProtocol() + ", not " + protocol);
            }
            InputStream in = socket.getInputStream();
            int first = in.read();
            if (first != WELCOME) {
                throw new IOException("the server closed the connection without a welcome (read " + first + ")");
            }
            return new Outcome(serverLeaf, null);
        } catch (IOException | RuntimeException e) {
            return new Outcome(serverLeaf, e);
        }
    }

    /**
     * A plain JDK client context as any TLS client builds one: the JDK's own PKIX trust manager over {@code ca}, and
     * {@code identity} (or none) as its client certificate.
     */
    static SSLContext stockClient(Path ca, TlsIdentity identity) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        List<X509Certificate> cas = PemFiles.readCaBundle(ca);
        for (int i = 0; i < cas.size(); i++) {
            store.setCertificateEntry("ca-" + i, cas.get(i));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(identity == null ? null : new KeyManager[] {new ReloadingKeyManager(identity)},
                trust.getTrustManagers(), null);
        return context;
    }
}
