package io.atoll.bench;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.qdrant.client.grpc.Collections;
import io.qdrant.client.grpc.CollectionsGrpc;
import io.qdrant.client.grpc.Common;
import io.qdrant.client.grpc.JsonWithInt;
import io.qdrant.client.grpc.Points;
import io.qdrant.client.grpc.PointsGrpc;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The engine behind Qdrant's gRPC API of the same server process the REST target drives, called through the
 * generated stubs of Qdrant's published protocol (the classes {@code io.qdrant:client} is built on, so the bytes on
 * the wire are what Qdrant's Java client sends, without that client's futures around them). Index segments and CPU
 * time come from the server, as for REST.
 */
final class GrpcTarget implements Target {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final ServerProcess server;
    private final RestTarget rest;
    private final ManagedChannel channel;
    private final PointsGrpc.PointsBlockingStub points;
    private final CollectionsGrpc.CollectionsBlockingStub collections;

    GrpcTarget(ServerProcess server, RestTarget rest) {
        this.server = server;
        this.rest = rest;
        // one HTTP/2 connection, as a client application holds one channel; calls are multiplexed on it
        this.channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext()
                .maxInboundMessageSize(64 << 20).build();
        this.points = PointsGrpc.newBlockingStub(channel);
        this.collections = CollectionsGrpc.newBlockingStub(channel);
    }

    @Override
    public String name() {
        return "gRPC";
    }

    private PointsGrpc.PointsBlockingStub points() {
        return points.withDeadlineAfter(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void createCollection(String collection, int dimension) {
        collections.withDeadlineAfter(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).create(Collections.CreateCollection
                .newBuilder().setCollectionName(collection).setVectorsConfig(Collections.VectorsConfig.newBuilder()
                        .setParams(Collections.VectorParams.newBuilder().setSize(dimension)
                                .setDistance(Collections.Distance.Cosine))).setReplicationFactor(1).build());
    }

    @Override
    public void dropCollection(String collection) {
        collections.withDeadlineAfter(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).delete(Collections.DeleteCollection
                .newBuilder().setCollectionName(collection).build());
    }

    @Override
    public Runnable prepareUpsert(String collection, Dataset data, int from, int to) {
        Points.UpsertPoints.Builder b = Points.UpsertPoints.newBuilder().setCollectionName(collection).setWait(true);
        for (int i = from; i < to; i++) {
            b.addPoints(Points.PointStruct.newBuilder().setId(Common.PointId.newBuilder().setNum(i))
                    .setVectors(Points.Vectors.newBuilder().setVector(Points.Vector.newBuilder().setDense(
                            dense(data.base()[i]))))
                    .putPayload("text", JsonWithInt.Value.newBuilder().setStringValue(data.texts()[i]).build()));
        }
        Points.UpsertPoints request = b.build();
        return () -> points().upsert(request);
    }

    @Override
    public Supplier<long[]> prepareSearch(String collection, float[] vector, int limit, int ef) {
        Points.SearchPoints.Builder b = Points.SearchPoints.newBuilder().setCollectionName(collection).setLimit(limit)
                .setParams(Points.SearchParams.newBuilder().setHnswEf(ef));
        for (float x : vector) {
            b.addVector(x);
        }
        Points.SearchPoints request = b.build();
        return () -> {
            Points.SearchResponse response = points().search(request);
            long[] ids = new long[response.getResultCount()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = response.getResult(i).getId().getNum();
            }
            return ids;
        };
    }

    private static Points.DenseVector dense(float[] v) {
        Points.DenseVector.Builder b = Points.DenseVector.newBuilder();
        for (float x : v) {
            b.addData(x);
        }
        return b.build();
    }

    @Override
    public int segments(String collection) {
        return rest.segments(collection);
    }

    @Override
    public Duration engineCpuTime() {
        return server.cpuTime();
    }

    /** The server is owned by the caller, which kills it; only the channel is released here. */
    @Override
    public void close() throws InterruptedException {
        channel.shutdown();
        if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
            channel.shutdownNow();
        }
    }
}
