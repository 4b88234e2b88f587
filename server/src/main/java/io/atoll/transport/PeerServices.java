package io.atoll.transport;

import com.google.protobuf.Message;
import java.util.List;
import org.apache.ratis.thirdparty.io.grpc.ServerCallHandler;
import org.apache.ratis.thirdparty.io.grpc.ServerServiceDefinition;
import org.apache.ratis.thirdparty.io.grpc.stub.ServerCalls;

/**
 * The {@code AtollPeer} gRPC service, each call of {@link PeerRpcs} bound to the handler of its domain, to be added
 * to the peer port's server.
 */
public final class PeerServices {
    private PeerServices() {
    }

    /** Binds every call to the one of {@code handlers} that implements its domain's interface. */
    public static ServerServiceDefinition definition(List<?> handlers) {
        ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(PeerRpcs.SERVICE);
        for (PeerRpc<?, ?, ?> rpc : PeerRpcs.ALL) {
            add(b, rpc, handlers);
        }
        return b.build();
    }

    private static <H, Q extends Message, R extends Message> void add(ServerServiceDefinition.Builder b,
                                                                      PeerRpc<H, Q, R> rpc, List<?> handlers) {
        b.addMethod(rpc.method(), bind(rpc, handlers));
    }

    private static <H, Q extends Message, R extends Message> ServerCallHandler<Q, R> bind(PeerRpc<H, Q, R> rpc,
                                                                                         List<?> handlers) {
        H handler = handlers.stream().filter(rpc.domain()::isInstance).map(rpc.domain()::cast).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no handler serves " + rpc.domain().getSimpleName()
                        + " for the peer call " + rpc.name()));
        return ServerCalls.asyncUnaryCall((request, out) -> {
            R response;
            try {
                response = rpc.serve(handler, request);
            } catch (RuntimeException e) {
                out.onError(PeerStatus.toStatus(e));
                return;
            }
            out.onNext(response);
            out.onCompleted();
        });
    }
}
