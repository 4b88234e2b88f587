package io.atoll.cluster.raft;

import io.atoll.security.tls.PeerTls;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.thirdparty.io.grpc.Grpc;
import org.apache.ratis.thirdparty.io.grpc.Metadata;
import org.apache.ratis.thirdparty.io.grpc.ServerCall;
import org.apache.ratis.thirdparty.io.grpc.ServerCallHandler;
import org.apache.ratis.thirdparty.io.grpc.ServerInterceptor;
import org.apache.ratis.thirdparty.io.grpc.Status;
import org.apache.ratis.thirdparty.io.grpc.netty.GrpcSslContexts;
import org.apache.ratis.thirdparty.io.grpc.netty.NettyServerBuilder;
import org.apache.ratis.thirdparty.io.netty.handler.ssl.ClientAuth;
import org.apache.ratis.thirdparty.io.netty.handler.ssl.SslContextBuilder;
import org.apache.ratis.thirdparty.io.netty.handler.ssl.SslProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mutual TLS on the peer port, where Ratis's Raft services and Atoll's data plane (joins, replication, transfers)
 * share one gRPC server. Every connection is TLS; a client certificate, when shown, must be one the cluster CA
 * signed or the handshake fails (the trust manager logs it); a connection without one gets through the handshake
 * only so that each of its calls can be refused UNAUTHENTICATED and logged here, rather than vanish in a handshake
 * error the stranger's operator cannot read. Ratis's own clients (appendEntries, votes, the metadata client) get the
 * same key and trust through {@link GrpcConfigKeys.TLS}.
 */
final class PeerPortSecurity implements ServerInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(PeerPortSecurity.class);
    /** A stranger retrying is logged once a minute, not once per call. */
    private static final long LOG_EVERY_NANOS = 60_000_000_000L;
    private static final int MAX_REMEMBERED = 1024;

    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();

    private PeerPortSecurity() {
    }

    /** Sets Ratis's TLS for its server and clients; returns the customization of the port's server builder. */
    static java.util.function.UnaryOperator<NettyServerBuilder> apply(Parameters params, PeerTls tls) {
        GrpcTlsConfig.Builder conf = new GrpcTlsConfig.Builder();
        conf.setKeyManager(tls.keyManager());
        conf.setTrustManager(tls.trustManager());
        conf.setMutualTls(true);
        // the JDK's TLS asks the key manager on every handshake (rotation) and leaves names to the trust manager
        conf.setSslProvider(SslProvider.JDK);
        GrpcConfigKeys.TLS.setConf(params, conf.build());
        PeerPortSecurity interceptor = new PeerPortSecurity();
        return builder -> {
            try {
                return builder.sslContext(GrpcSslContexts.configure(SslContextBuilder.forServer(tls.keyManager())
                                .trustManager(tls.trustManager()).clientAuth(ClientAuth.OPTIONAL), SslProvider.JDK).build())
                        .intercept(interceptor);
            } catch (SSLException e) {
                throw new IllegalStateException("the peer port's TLS context could not be built", e);
            }
        };
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                       ServerCallHandler<Q, A> next) {
        SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        try {
            if (session != null && session.getPeerCertificates().length > 0) {
                return next.startCall(call, headers);
            }
        } catch (SSLPeerUnverifiedException noCertificate) {
            // refused below
        }
        SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        logRefusal(call.getMethodDescriptor().getFullMethodName(), String.valueOf(remote));
        call.close(Status.UNAUTHENTICATED.withDescription(
                "peer authentication required: show a client certificate signed by the cluster CA"), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }

    private void logRefusal(String method, String remote) {
        String host = remote.contains(":") ? remote.substring(0, remote.lastIndexOf(':')) : remote;
        long now = System.nanoTime();
        Long last = lastLogged.get(host);
        if (last == null || now - last > LOG_EVERY_NANOS) {
            if (lastLogged.size() > MAX_REMEMBERED) {
                lastLogged.clear();
            }
            lastLogged.put(host, now);
            LOG.warn("refused peer call {} from {}: no client certificate trusted by the cluster", method, remote);
        }
    }
}
