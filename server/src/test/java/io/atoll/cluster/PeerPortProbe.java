package io.atoll.cluster;

import io.atoll.security.tls.PemFiles;
import io.atoll.security.tls.TlsIdentity;
import io.atoll.testing.TestPki;
import io.atoll.transport.proto.JoinRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.apache.ratis.thirdparty.io.grpc.CallOptions;
import org.apache.ratis.thirdparty.io.grpc.ManagedChannel;
import org.apache.ratis.thirdparty.io.grpc.MethodDescriptor;
import org.apache.ratis.thirdparty.io.grpc.StatusRuntimeException;
import org.apache.ratis.thirdparty.io.grpc.netty.GrpcSslContexts;
import org.apache.ratis.thirdparty.io.grpc.netty.NettyChannelBuilder;
import org.apache.ratis.thirdparty.io.grpc.stub.ClientCalls;
import org.apache.ratis.thirdparty.io.netty.handler.ssl.SslContextBuilder;

/** Probes of a node's peer port from outside the cluster: the certificate it shows, and a call without one. */
final class PeerPortProbe {
    private PeerPortProbe() {
    }

    /** The serial of the certificate the peer port shows to a client that presents {@code client}. */
    static BigInteger serial(String host, int port, TestPki pki, TestPki.Leaf client) throws IOException {
        try (SSLSocket socket = connect(host, port, pki, client)) {
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    private static SSLSocket connect(String host, int port, TestPki pki, TestPki.Leaf client) throws IOException {
        try {
            TlsIdentity identity = PemFiles.readIdentity(client.cert(), client.key());
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("me", identity.key(), new char[0], identity.chainArray());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(keys, new char[0]);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", certificate(pki.caCert()));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(host, port);
            // gRPC's server keeps only connections that agree on HTTP/2
            javax.net.ssl.SSLParameters parameters = socket.getSSLParameters();
            parameters.setApplicationProtocols(new String[]{"h2"});
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(5000);
            socket.startHandshake();
            return socket;
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    static X509Certificate certificate(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /**
     * Calls the peer port's Join over TLS that trusts the cluster CA and shows {@code client}'s certificate (none
     * when null); returns the status code.
     */
    static String callJoin(String p2pUrl, TestPki pki, TestPki.Leaf client) throws IOException {
        URI uri = URI.create(p2pUrl);
        SslContextBuilder tls = SslContextBuilder.forClient().trustManager(pki.caCert().toFile());
        if (client != null) {
            tls.keyManager(client.cert().toFile(), client.key().toFile());
        }
        ManagedChannel channel = NettyChannelBuilder.forAddress(uri.getHost(), uri.getPort())
                .sslContext(GrpcSslContexts.configure(tls).build()).build();
        MethodDescriptor<byte[], byte[]> join = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("atoll.peer.AtollPeer/Join")
                .setRequestMarshaller(new Bytes()).setResponseMarshaller(new Bytes()).build();
        try {
            ClientCalls.blockingUnaryCall(channel, join, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                    JoinRequest.newBuilder().setPeerId(4242).setUri("http://127.0.0.1:1").build().toByteArray());
            return "OK";
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode().name();
        } finally {
            channel.shutdownNow();
        }
    }

    private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
