package io.atoll.transport;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.google.protobuf.UnsafeByteOperations;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.ratis.thirdparty.io.grpc.Drainable;
import org.apache.ratis.thirdparty.io.grpc.KnownLength;
import org.apache.ratis.thirdparty.io.grpc.MethodDescriptor;
import org.apache.ratis.thirdparty.io.grpc.Status;

/**
 * Carries a generated protobuf message over the gRPC stack that Ratis ships (shaded, so it cannot use the
 * messages' own gRPC glue). One gRPC and Netty stack serves both Raft and the data plane on the peer port.
 *
 * <p>Large messages (snapshot chunks of megabytes) are copied as little as possible: a message is written straight
 * into gRPC's buffers, and a received one is read whole and parsed with its byte fields pointing into that array.
 * Found by the transfer benchmark: each extra 4 MiB copy is a humongous allocation, and the collections they caused
 * were a good part of a snapshot's shipping time.
 */
final class ProtoMarshaller<T extends Message> implements MethodDescriptor.Marshaller<T> {
    private final Parser<T> parser;

    ProtoMarshaller(Parser<T> parser) {
        this.parser = parser;
    }

    @Override
    public InputStream stream(T value) {
        return new MessageStream(value);
    }

    @Override
    public T parse(InputStream stream) {
        try {
            // The array is this message's alone, never changed: byte fields may share it (protobuf aliases only
            // a buffer it is told is immutable).
            CodedInputStream in = UnsafeByteOperations.unsafeWrap(readWhole(stream)).newCodedInput();
            in.enableAliasing(true);
            return parser.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw Status.INTERNAL.withDescription("malformed peer message: " + e.getMessage()).withCause(e)
                    .asRuntimeException();
        } catch (IOException e) {
            throw Status.INTERNAL.withDescription("unreadable peer message: " + e.getMessage()).withCause(e)
                    .asRuntimeException();
        }
    }

    /** Into an array of its size when gRPC knows it (it does for every message it received whole). */
    private static byte[] readWhole(InputStream stream) throws IOException {
        if (stream instanceof KnownLength) {
            byte[] whole = new byte[stream.available()];
            int n = stream.readNBytes(whole, 0, whole.length);
            if (n == whole.length && stream.read() < 0) {
                return whole;
            }
            throw new IOException("a message shorter or longer than announced");
        }
        return stream.readAllBytes();
    }

    /**
     * A message as gRPC reads it: drained straight into its output when gRPC can (it always can for unary calls),
     * serialised into an array only if something reads it byte by byte.
     */
    private static final class MessageStream extends InputStream implements Drainable, KnownLength {
        private Message message;
        private ByteArrayInputStream bytes;

        MessageStream(Message message) {
            this.message = message;
        }

        @Override
        public int drainTo(OutputStream target) throws IOException {
            if (message != null) {
                int size = message.getSerializedSize();
                message.writeTo(target);
                message = null;
                return size;
            }
            return bytes == null ? 0 : (int) bytes.transferTo(target);
        }

        private ByteArrayInputStream bytes() {
            if (bytes == null) {
                bytes = new ByteArrayInputStream(message == null ? new byte[0] : message.toByteArray());
                message = null;
            }
            return bytes;
        }

        @Override
        public int read() {
            return bytes().read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return bytes().read(b, off, len);
        }

        @Override
        public int available() {
            return message != null ? message.getSerializedSize() : bytes == null ? 0 : bytes.available();
        }
    }
}
