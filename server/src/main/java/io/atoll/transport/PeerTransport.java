package io.atoll.transport;

import com.google.protobuf.Message;
import java.time.Duration;

/**
 * Calls another node's peer services. A peer that does not answer in time is {@link PeerUnreachableException};
 * one that answers with an error is the {@link io.atoll.error.AtollException} it sent, with its kind. The gRPC
 * implementation is {@link PeerClient}; tests may route calls in-process. Thread-safe.
 */
public interface PeerTransport {
    <Q extends Message, R extends Message> R call(String peerUri, PeerRpc<?, Q, R> rpc, Q request, Duration timeout);

    /** The replication timeout every default deadline is a multiple of. */
    Duration timeout();

    /** The call with its default deadline. */
    default <Q extends Message, R extends Message> R call(String peerUri, PeerRpc<?, Q, R> rpc, Q request) {
        return call(peerUri, rpc, request, timeout().multipliedBy(rpc.timeoutFactor()));
    }
}
