package io.atoll.transport;

import java.util.function.Function;
import org.apache.ratis.thirdparty.io.grpc.ServerServiceDefinition;
import org.apache.ratis.thirdparty.io.grpc.stub.ServerCalls;
import org.apache.ratis.thirdparty.io.grpc.stub.StreamObserver;

/** The {@code AtollPeer} gRPC service over a {@link PeerHandler}, to be added to the peer port's server. */
public final class PeerServices {
    private PeerServices() {
    }

    public static ServerServiceDefinition definition(PeerHandler handler) {
        return ServerServiceDefinition.builder(PeerMethods.SERVICE)
                .addMethod(PeerMethods.JOIN, call(handler::join))
                .addMethod(PeerMethods.PING, call(handler::ping))
                .addMethod(PeerMethods.REPLICATE, call(handler::replicate))
                .addMethod(PeerMethods.FORWARD, call(handler::forward))
                .addMethod(PeerMethods.READ, call(handler::read))
                .addMethod(PeerMethods.SHARD_STATUS, call(handler::shardStatus))
                .addMethod(PeerMethods.CONFIRM_READ, call(handler::confirmRead))
                .build();
    }

    private static <Q, R> org.apache.ratis.thirdparty.io.grpc.ServerCallHandler<Q, R> call(Function<Q, R> body) {
        return ServerCalls.asyncUnaryCall((Q request, StreamObserver<R> out) -> {
            R response;
            try {
                response = body.apply(request);
            } catch (RuntimeException e) {
                out.onError(PeerStatus.toStatus(e));
                return;
            }
            out.onNext(response);
            out.onCompleted();
        });
    }

}
