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

/**
 * What a node does with each peer request. Implementations may block; they report failures as
 * {@link io.atoll.error.AtollException}, which reach the caller with their kind and message.
 */
public interface PeerHandler {
    JoinResponse join(JoinRequest request);

    PingResponse ping(PingRequest request);

    ReplicateResponse replicate(ReplicateRequest request);

    ForwardResponse forward(ForwardRequest request);

    ShardReadResponse read(ShardReadRequest request);

    ShardStatusResponse shardStatus(ShardStatusRequest request);

    ConfirmReadResponse confirmRead(ConfirmReadRequest request);
}
