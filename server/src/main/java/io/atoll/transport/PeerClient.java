package io.atoll.transport;

import io.atoll.transport.proto.ConfirmReadRequest;
import io.atoll.transport.proto.ConfirmReadResponse;
import io.atoll.transport.proto.ForwardRequest;
import io.atoll.transport.proto.ForwardResponse;
import io.atoll.transport.proto.JoinRequest;
import io.atoll.transport.proto.JoinResponse;
import io.atoll.transport.proto.PingRequest;
import io.atoll.transport.proto.PingResponse;
import io.atoll.transport.proto.ReplicateRequest;
import io.atoll.transport.proto.ReplicateResponse;
import io.atoll.transport.proto.ShardReadRequest;
import io.atoll.transport.proto.ShardReadResponse;
import io.atoll.transport.proto.ShardStatusRequest;
import io.atoll.transport.proto.ShardStatusResponse;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.thirdparty.io.grpc.CallOptions;
import org.apache.ratis.thirdparty.io.grpc.ManagedChannel;
import org.apache.ratis.thirdparty.io.grpc.MethodDescriptor;
import org.apache.ratis.thirdparty.io.grpc.StatusRuntimeException;
import org.apache.ratis.thirdparty.io.grpc.netty.NettyChannelBuilder;
import org.apache.ratis.thirdparty.io.grpc.stub.ClientCalls;

/**
 * Calls other nodes' peer services, one channel per peer URL (gRPC reconnects a channel by itself). Every call
 * has a deadline; a peer that does not answer in time is {@link PeerUnreachableException}, one that answers with
 * an error is the {@link io.atoll.error.AtollException} it sent. Thread-safe.
 */
public final class PeerClient implements AutoCloseable {
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final Duration timeout;

    /** {@code timeout}: how long a call may take before its peer counts as unreachable for it. */
    public PeerClient(Duration timeout) {
        this.timeout = timeout;
    }

    public JoinResponse join(String peer, JoinRequest r, Duration joinTimeout) {
        return call(peer, PeerMethods.JOIN, r, joinTimeout);
    }

    public PingResponse ping(String peer, PingRequest r, Duration pingTimeout) {
        return call(peer, PeerMethods.PING, r, pingTimeout);
    }

    public ReplicateResponse replicate(String peer, ReplicateRequest r) {
        return call(peer, PeerMethods.REPLICATE, r, timeout);
    }

    public ForwardResponse forward(String peer, ForwardRequest r) {
        return call(peer, PeerMethods.FORWARD, r, timeout.multipliedBy(2));
    }

    public ShardReadResponse read(String peer, ShardReadRequest r) {
        return call(peer, PeerMethods.READ, r, timeout);
    }

    public ShardStatusResponse shardStatus(String peer, ShardStatusRequest r) {
        return call(peer, PeerMethods.SHARD_STATUS, r, timeout);
    }

    /** Waits, like a forwarded write, for the primary to see the read's records on every in-sync replica. */
    public ConfirmReadResponse confirmRead(String peer, ConfirmReadRequest r) {
        return call(peer, PeerMethods.CONFIRM_READ, r, timeout.multipliedBy(2));
    }

    private <Q, R> R call(String peer, MethodDescriptor<Q, R> method, Q request, Duration deadline) {
        try {
            return ClientCalls.blockingUnaryCall(channel(peer), method,
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
