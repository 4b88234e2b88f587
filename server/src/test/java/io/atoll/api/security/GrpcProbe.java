package io.atoll.api.security;

import static java.util.concurrent.TimeUnit.SECONDS;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Context;
import io.grpc.InternalMetadata;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * Plain gRPC calls to a test node with chosen metadata, reduced to the status they end with: what the access tests
 * look at. Metadata values go out as raw bytes, unchecked, so tests can send what a careless or hostile client
 * would. Thread-safe; close it to shut its channel.
 */
final class GrpcProbe implements AutoCloseable {
    /** Passes values through as bytes: grpc-java's ASCII marshaller would turn what it cannot encode into '?'. */
    private static final InternalMetadata.TrustedAsciiMarshaller<byte[]> RAW =
            new InternalMetadata.TrustedAsciiMarshaller<>() {
                @Override
                public byte[] toAsciiString(byte[] value) {
                    return value;
                }

                @Override
                public byte[] parseAsciiString(byte[] serialized) {
                    return serialized;
                }
            };

    private final ManagedChannel channel;

    GrpcProbe(int port) {
        this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    /** Metadata with {@code name: value} pairs, in this order (a name may repeat). */
    static Metadata metadata(String... namesAndValues) {
        Metadata m = new Metadata();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            add(m, namesAndValues[i], namesAndValues[i + 1].getBytes(StandardCharsets.ISO_8859_1));
        }
        return m;
    }

    static void add(Metadata m, String name, byte[] value) {
        m.put(InternalMetadata.keyOf(name, RAW), value);
    }

    static Metadata apiKey(String key) {
        return metadata("api-key", key);
    }

    static Metadata bearer(String token) {
        return metadata("authorization", "Bearer " + token);
    }

    /** A channel that sends {@code headers} with every call, for the generated stubs. */
    Channel with(Metadata headers) {
        return ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    /**
     * Calls {@code method} once; for a server-streaming method, reads the first message (or the error) and cancels
     * the rest, so a stream that never ends does not hold the test until its deadline.
     */
    <Q, A> Status call(MethodDescriptor<Q, A> method, Q request, Metadata headers) {
        Channel ch = with(headers);
        CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(30, SECONDS);
        Context.CancellableContext scope = Context.current().withCancellation();
        try {
            return scope.call(() -> {
                if (method.getType() == MethodDescriptor.MethodType.SERVER_STREAMING) {
                    Iterator<A> answers = ClientCalls.blockingServerStreamingCall(ch, method, options, request);
                    answers.hasNext();
                } else {
                    ClientCalls.blockingUnaryCall(ch, method, options, request);
                }
                return Status.OK;
            });
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            scope.cancel(null);
        }
    }

    /**
     * The method's request with every field empty but its {@code collection_name}, when it has one, set to
     * {@code collection}: the access checks look at nothing else, and an empty request changes nothing.
     */
    @SuppressWarnings("unchecked")
    static <Q> Q request(MethodDescriptor<Q, ?> method, String collection) {
        Message prototype = (Message) ((MethodDescriptor.PrototypeMarshaller<Q>) method.getRequestMarshaller())
                .getMessagePrototype();
        Message.Builder b = prototype.toBuilder();
        Descriptors.FieldDescriptor name = b.getDescriptorForType().findFieldByName("collection_name");
        if (name != null && name.getType() == Descriptors.FieldDescriptor.Type.STRING) {
            b.setField(name, collection);
        }
        return (Q) b.build();
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, SECONDS);
    }
}
