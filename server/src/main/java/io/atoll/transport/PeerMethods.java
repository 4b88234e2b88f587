package io.atoll.transport;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
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
import org.apache.ratis.thirdparty.io.grpc.MethodDescriptor;

/** The unary methods of the {@code atoll.peer.AtollPeer} service (atoll_peer.proto). */
final class PeerMethods {
    static final String SERVICE = "atoll.peer.AtollPeer";

    static final MethodDescriptor<JoinRequest, JoinResponse> JOIN =
            unary("Join", JoinRequest.parser(), JoinResponse.parser());
    static final MethodDescriptor<PingRequest, PingResponse> PING =
            unary("Ping", PingRequest.parser(), PingResponse.parser());
    static final MethodDescriptor<ReplicateRequest, ReplicateResponse> REPLICATE =
            unary("Replicate", ReplicateRequest.parser(), ReplicateResponse.parser());
    static final MethodDescriptor<ForwardRequest, ForwardResponse> FORWARD =
            unary("Forward", ForwardRequest.parser(), ForwardResponse.parser());
    static final MethodDescriptor<ShardReadRequest, ShardReadResponse> READ =
            unary("Read", ShardReadRequest.parser(), ShardReadResponse.parser());
    static final MethodDescriptor<ShardStatusRequest, ShardStatusResponse> SHARD_STATUS =
            unary("ShardStatus", ShardStatusRequest.parser(), ShardStatusResponse.parser());
    static final MethodDescriptor<ConfirmReadRequest, ConfirmReadResponse> CONFIRM_READ =
            unary("ConfirmRead", ConfirmReadRequest.parser(), ConfirmReadResponse.parser());

    private PeerMethods() {
    }

    private static <Q extends Message, R extends Message> MethodDescriptor<Q, R> unary(
            String name, Parser<Q> request, Parser<R> response) {
        return MethodDescriptor.<Q, R>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(new ProtoMarshaller<>(request))
                .setResponseMarshaller(new ProtoMarshaller<>(response))
                .build();
    }
}
