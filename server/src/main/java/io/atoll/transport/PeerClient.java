package io.atoll.transport;

import com.google.protobuf.Message;
import io.atoll.security.tls.PeerTls;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.apache.ratis.thirdparty.io.grpc.CallOptions;
import org.apache.ratis.thirdparty.io.grpc.ConnectivityState;
import org.apache.ratis.thirdparty.io.grpc.ManagedChannel;
import org.apache.ratis.thirdparty.io.grpc.StatusRuntimeException;
import org.apache.ratis.thirdparty.io.grpc.netty.GrpcSslContexts;
import org.apache.ratis.thirdparty.io.grpc.netty.NettyChannelBuilder;
import org.apache.ratis.thirdparty.io.netty.handler.ssl.SslContext;
import org.apache.ratis.thirdparty.io.netty.handler.ssl.SslContextBuilder;
import org.apache.ratis.thirdparty.io.netty.handler.ssl.SslProvider;
import org.apache.ratis.thirdparty.io.grpc.stub.ClientCalls;

/**
 * The peer transport over gRPC: one channel per peer URL (gRPC reconnects a channel by itself), a deadline on
 * every call. Thread-safe.
 */
public final class PeerClient implements PeerTransport, AutoCloseable {
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final Duration timeout;
    private final SslContext tls;

    /**
     * A client of peers that speak mutual TLS when {@code tls} is given, plaintext otherwise; {@code timeout}: how
     * long a call may take, by default, before its peer counts as unreachable for it.
     */
    public PeerClient(Duration timeout, Optional<PeerTls> tls) {
        this.timeout = timeout;
        this.tls = tls.map(PeerClient::context).orElse(null);
    }

    private static SslContext context(PeerTls tls) {
        try {
            // JDK TLS: the key manager is asked on every handshake (rotation); names are the trust manager's call
            return GrpcSslContexts.configure(SslContextBuilder.forClient().keyManager(tls.keyManager())
                    .trustManager(tls.trustManager()), SslProvider.JDK).build();
        } catch (SSLException e) {
            throw new IllegalStateException("the peer TLS context could not be built", e);
        }
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    @Override
    public <Q extends Message, R extends Message> R call(String peer, PeerRpc<?, Q, R> rpc, Q request,
                                                         Duration deadline) {
        ManagedChannel channel = channel(peer);
        if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
            // gRPC waits longer and longer (up to two minutes) between attempts to reach a peer that was down;
            // found by the transfer benchmark: a node back from a 90 s outage stayed unreachable to its leader for
            // 29 s more, and its recovery waited that long. Callers retry on their own schedule: try now.
            channel.resetConnectBackoff();
        }
        try {
            return ClientCalls.blockingUnaryCall(channel, rpc.method(),
                    CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS), request);
        } catch (StatusRuntimeException e) {
            throw PeerStatus.fromStatus(e, peer);
        }
    }

    private ManagedChannel channel(String peerUri) {
        return channels.computeIfAbsent(peerUri, u -> {
            URI uri = URI.create(u);
            NettyChannelBuilder builder = NettyChannelBuilder.forAddress(uri.getHost(), uri.getPort());
            return (tls == null ? builder.usePlaintext() : builder.sslContext(tls))
                    .maxInboundMessageSize(64 << 20)
                    // as the server's (RaftNode): large answers arrive without waiting for window updates
                    .flowControlWindow(8 << 20).build();
        });
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
        channels.clear();
    }
}
