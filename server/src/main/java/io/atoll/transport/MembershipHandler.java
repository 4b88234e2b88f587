package io.atoll.transport;

import io.atoll.transport.proto.JoinRequest;
import io.atoll.transport.proto.JoinResponse;
import io.atoll.transport.proto.PingRequest;
import io.atoll.transport.proto.PingResponse;

/** The membership calls a node serves: joining the cluster through it, and liveness pings. */
public interface MembershipHandler {
    JoinResponse join(JoinRequest request);

    PingResponse ping(PingRequest request);
}
