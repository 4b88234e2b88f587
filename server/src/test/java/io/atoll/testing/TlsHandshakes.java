package io.atoll.testing;

import io.atoll.security.tls.PemFiles;
import io.atoll.security.tls.TlsIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** TLS handshakes with a node's ports from a test, to see which certificate each port serves now. */
public final class TlsHandshakes {
    private TlsHandshakes() {
    }

    /**
     * The serial of the certificate {@code host:port} shows to a client that trusts {@code pki}'s CA and presents
     * {@code client} (none when null). Offers HTTP/2 and HTTP/1.1, as gRPC's and Jetty's clients do.
     */
    public static BigInteger serial(String host, int port, TestPki pki, TestPki.Leaf client) throws IOException {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            if (client != null) {
                TlsIdentity identity = PemFiles.readIdentity(client.cert(), client.key());
                keys.setKeyEntry("me", identity.key(), new char[0], identity.chainArray());
            }
            kmf.init(keys, new char[0]);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", certificate(pki.caCert()));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(host, port)) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setApplicationProtocols(new String[]{"h2", "http/1.1"});
                socket.setSSLParameters(parameters);
                socket.setSoTimeout(5000);
                socket.startHandshake();
                return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
            }
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    public static X509Certificate certificate(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }
}
