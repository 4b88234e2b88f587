package io.atoll.transport;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.util.function.BiFunction;
import org.apache.ratis.thirdparty.io.grpc.MethodDescriptor;

/**
 * One call of the peer protocol: its name on the wire, its messages, the domain whose handler serves it and how
 * long a caller waits for it (a multiple of the replication timeout). Instances are the rows of {@link PeerRpcs}.
 * Immutable.
 *
 * @param <H> the handler interface of the domain that serves the call
 */
public final class PeerRpc<H, Q extends Message, R extends Message> {
    private final String name;
    private final Class<H> domain;
    private final BiFunction<H, Q, R> serve;
    private final int timeoutFactor;
    private final MethodDescriptor<Q, R> method;

    PeerRpc(String name, Class<H> domain, BiFunction<H, Q, R> serve, Parser<Q> request, Parser<R> response,
            int timeoutFactor) {
        this.name = name;
        this.domain = domain;
        this.serve = serve;
        this.timeoutFactor = timeoutFactor;
        this.method = MethodDescriptor.<Q, R>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(PeerRpcs.SERVICE, name))
                .setRequestMarshaller(new ProtoMarshaller<>(request))
                .setResponseMarshaller(new ProtoMarshaller<>(response))
                .build();
    }

    public String name() {
        return name;
    }

    Class<H> domain() {
        return domain;
    }

    /** Serves a request with the domain's handler. */
    R serve(H handler, Q request) {
        return serve.apply(handler, request);
    }

    /** How many replication timeouts a caller waits by default. */
    int timeoutFactor() {
        return timeoutFactor;
    }

    MethodDescriptor<Q, R> method() {
        return method;
    }

    @Override
    public String toString() {
        return name;
    }
}
