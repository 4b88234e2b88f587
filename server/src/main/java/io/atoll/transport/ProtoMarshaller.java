package io.atoll.transport;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.apache.ratis.thirdparty.io.grpc.MethodDescriptor;
import org.apache.ratis.thirdparty.io.grpc.Status;

/**
 * Carries a generated protobuf message over the gRPC stack that Ratis ships (shaded, so it cannot use the
 * messages' own gRPC glue). One gRPC and Netty stack serves both Raft and the data plane on the peer port.
 */
final class ProtoMarshaller<T extends Message> implements MethodDescriptor.Marshaller<T> {
    private final Parser<T> parser;

    ProtoMarshaller(Parser<T> parser) {
        this.parser = parser;
    }

    @Override
    public InputStream stream(T value) {
        return new ByteArrayInputStream(value.toByteArray());
    }

    @Override
    public T parse(InputStream stream) {
        try {
            return parser.parseFrom(stream);
        } catch (InvalidProtocolBufferException e) {
            throw Status.INTERNAL.withDescription("malformed peer message: " + e.getMessage()).withCause(e)
                    .asRuntimeException();
        }
    }
}
