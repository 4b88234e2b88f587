package io.atoll.transport;

import com.google.protobuf.Message;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.thirdparty.io.grpc.CallOptions;
import org.apache.ratis.thirdparty.io.grpc.ManagedChannel;
import org.apache.ratis.thirdparty.io.grpc.StatusRuntimeException;
import org.apache.ratis.thirdparty.io.grpc.netty.NettyChannelBuilder;
import org.apache.ratis.thirdparty.io.grpc.stub.ClientCalls;

/**
 * The peer transport over gRPC: one channel per peer URL (gRPC reconnects a channel by itself), a deadline on
 * every call. Thread-safe.
 */
public final class PeerClient implements PeerTransport, AutoCloseable {
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final Duration timeout;

    /** {@code timeout}: how long a call may take, by default, before its peer counts as unreachable for it. */
    public PeerClient(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    @Override
    public <Q extends Message, R extends Message> R call(String peer, PeerRpc<?, Q, R> rpc, Q request,
                                                         Duration deadline) {
        try {
            return ClientCalls.blockingUnaryCall(channel(peer), rpc.method(),
                    CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS), request);
        } catch (StatusRuntimeException e) {
            throw PeerStatus.fromStatus(e, peer);
        }
    }

    private ManagedChannel channel(String peerUri) {
        return channels.computeIfAbsent(peerUri, u -> {
            URI uri = URI.create(u);
            return NettyChannelBuilder.forAddress(uri.getHost(), uri.getPort()).usePlaintext()
                    .maxInboundMessageSize(64 << 20).build();
        });
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
        channels.clear();
    }
}
