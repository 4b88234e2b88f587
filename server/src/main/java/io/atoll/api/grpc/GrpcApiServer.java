package io.atoll.api.grpc;

import io.atoll.api.rest.NodeInfo;
import io.atoll.api.rest.ShardOperations;
import io.atoll.api.telemetry.ResponseStatistics;
import io.atoll.cluster.control.ShardControl;
import io.atoll.cluster.control.CollectionController;
import io.atoll.collection.CollectionRegistry;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.atoll.snapshot.Snapshots;
import io.atoll.security.Gate;
import io.grpc.ServerServiceDefinition;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.util.List;
import javax.net.ssl.KeyManager;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The client-facing gRPC port (6334 by default), apart from the peer port where Ratis runs its own shaded gRPC.
 * It serves Qdrant's gRPC API on the classes of Qdrant's published protocol ({@code io.qdrant:client}), so the
 * wire is Qdrant's own (qdrant.Qdrant, qdrant.Collections, qdrant.Points), with its own limits ({@link GrpcLimits}),
 * and the standard health check, which Weaviate's clients call when they connect: SERVING while the node is
 * ready, for any service name (Weaviate's TypeScript client asks under a name of its own making, which a stock
 * health registry would answer with NOT_FOUND). Thread-safe.
 */
public final class GrpcApiServer implements AutoCloseable {
    private final Server server;
    /** Fires the deadlines of requests that carry a {@code timeout}. */
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "grpc-request-timeouts");
        t.setDaemon(true);
        return t;
    });

    public GrpcApiServer(String host, int port, GrpcLimits limits, BooleanSupplier ready, NodeInfo node,
                         CollectionRegistry registry, CollectionController collections, ShardControl shards,
                         Snapshots snapshots, ResponseStatistics responses, Gate gate, int maxMetadataBytes,
                         KeyManager tls) {
        List<ServerServiceDefinition> services = List.of(new Health(ready).bindService(),
                new QdrantService(node).bindService(),
                new CollectionsService(node.peerId(), registry, collections, new ShardOperations(registry, shards))
                        .bindService(),
                new PointsService(registry, collections).bindService(), new SnapshotsService(snapshots).bindService());
        GrpcAccessRules.requireCovering(services);
        InetSocketAddress address = new InetSocketAddress(host, port);
        NettyServerBuilder builder = tls == null ? NettyServerBuilder.forAddress(address)
                // the key manager is asked on every handshake: a rotated certificate needs no restart
                : NettyServerBuilder.forAddress(address, TlsServerCredentials.newBuilder().keyManager(tls).build());
        builder.maxInboundMessageSize(limits.maxMessageBytes())
                .maxInboundMetadataSize(maxMetadataBytes)
                // the last interceptor added runs first: refusals are counted, and a caller is known (and within
                // its rate) before it takes one of the limited slots
                .intercept(new RequestTimeout(timer))
                .intercept(new ConcurrencyLimit(limits.maxConcurrentCalls()))
                .intercept(new AuthInterceptor(gate))
                .intercept(new ResponseRecorder(responses));
        services.forEach(builder::addService);
        this.server = builder.build();
    }

    public GrpcApiServer start() throws IOException {
        server.start();
        return this;
    }

    public int port() {
        return server.getPort();
    }

    /** Stops taking calls, lets the calls under way finish for up to 5 seconds, then cancels the rest. */
    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            timer.shutdownNow();
        }
    }

    /** grpc.health.v1.Health: the node's readiness, whatever service is named. */
    private static final class Health extends HealthGrpc.HealthImplBase {
        private final BooleanSupplier ready;

        Health(BooleanSupplier ready) {
            this.ready = ready;
        }

        private HealthCheckResponse status() {
            return HealthCheckResponse.newBuilder().setStatus(ready.getAsBoolean()
                    ? HealthCheckResponse.ServingStatus.SERVING : HealthCheckResponse.ServingStatus.NOT_SERVING).build();
        }

        @Override
        public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> response) {
            response.onNext(status());
            response.onCompleted();
        }

        @Override
        public void watch(HealthCheckRequest request, StreamObserver<HealthCheckResponse> response) {
            // One answer and done: Atoll does not push changes of readiness.
            response.onNext(status());
            response.onCompleted();
        }
    }
}
