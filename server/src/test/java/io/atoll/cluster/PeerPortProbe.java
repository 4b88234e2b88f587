package io.atoll.cluster;

import io.atoll.testing.TestPki;
import io.atoll.transport.proto.JoinRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.thirdparty.io.grpc.CallOptions;
import org.apache.ratis.thirdparty.io.grpc.ManagedChannel;
import org.apache.ratis.thirdparty.io.grpc.MethodDescriptor;
import org.apache.ratis.thirdparty.io.grpc.StatusRuntimeException;
import org.apache.ratis.thirdparty.io.grpc.netty.GrpcSslContexts;
import org.apache.ratis.thirdparty.io.grpc.netty.NettyChannelBuilder;
import org.apache.ratis.thirdparty.io.grpc.stub.ClientCalls;
import org.apache.ratis.thirdparty.io.netty.handler.ssl.SslContextBuilder;

/** A call to a node's peer port from outside the cluster, with another CA's certificate or none. */
final class PeerPortProbe {
    private PeerPortProbe() {
    }

    /**
     * Calls {@code method} (a full gRPC method name) on the peer port over TLS that trusts the cluster CA and shows
     * {@code client}'s certificate (none when null), with a Join request's bytes; returns the status code.
     */
    static String call(String p2pUrl, String method, TestPki pki, TestPki.Leaf client) throws IOException {
        URI uri = URI.create(p2pUrl);
        SslContextBuilder tls = SslContextBuilder.forClient().trustManager(pki.caCert().toFile());
        if (client != null) {
            tls.keyManager(client.cert().toFile(), client.key().toFile());
        }
        ManagedChannel channel = NettyChannelBuilder.forAddress(uri.getHost(), uri.getPort())
                .sslContext(GrpcSslContexts.configure(tls).build()).build();
        MethodDescriptor<byte[], byte[]> descriptor = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName(method)
                .setRequestMarshaller(new Bytes()).setResponseMarshaller(new Bytes()).build();
        try {
            ClientCalls.blockingUnaryCall(channel, descriptor, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                    JoinRequest.newBuilder().setPeerId(4242).setUri("http://127.0.0.1:1").build().toByteArray());
            return "OK";
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode().name();
        } finally {
            channel.shutdownNow();
        }
    }

    private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
