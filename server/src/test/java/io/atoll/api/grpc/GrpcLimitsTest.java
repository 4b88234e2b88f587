package io.atoll.api.grpc;

import static io.atoll.api.grpc.GrpcStatus.code;
import static io.atoll.api.grpc.GrpcStatus.status;
import static io.atoll.testing.QdrantAssertions.ok;
import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorsFactory.vectors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.testing.QdrantApi;
import io.atoll.testing.RestClient;
import io.atoll.testing.TestCluster;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.grpc.Points;
import io.qdrant.client.grpc.PointsGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gRPC port's own limits on a real node configured tight (service.grpc_max_message_bytes,
 * service.grpc_max_concurrent_calls), and Qdrant's per-request {@code timeout}: each refusal has its status code and
 * leaves nothing written.
 */
class GrpcLimitsTest {
    @TempDir
    Path dir;

    @Test
    void oversizedMessagesBusyNodesAndPassedDeadlinesAreRefused() throws Exception {
        Path config = dir.resolve("limits.yaml");
        Files.writeString(config, "service:\n  grpc_max_message_bytes: 65536\n  grpc_max_concurrent_calls: 1\n");
        try (TestCluster cluster = TestCluster.start(dir.resolve("node"), 1, "--config", config.toString());
             QdrantClient client = new QdrantClient(QdrantGrpcClient.newBuilder("127.0.0.1",
                     cluster.node(0).grpcPort(), false).build())) {
            RestClient rest = cluster.node(0).client();
            new QdrantApi(rest).createCollection("c", Map.of("vectors", Map.of("size", 2, "distance", "Dot")));

            Status big = status(() -> client.upsertAsync("c", List.of(Points.PointStruct.newBuilder().setId(id(1))
                    .setVectors(vectors(1f, 0f)).putPayload("blob", value("x".repeat(100_000))).build())).get());
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, big.getCode(), big.toString());
            assertEquals(Status.Code.DEADLINE_EXCEEDED, code(() -> client.upsertAsync(Points.UpsertPoints.newBuilder()
                    .setCollectionName("c").setTimeout(0).addPoints(Points.PointStruct.newBuilder().setId(id(2))
                            .setVectors(vectors(1f, 0f))).build()).get()), "a timeout of 0 s has passed at once");
            assertEquals(0, ok(rest.post("/collections/c/points/count", Map.of())).get("count").asLong(),
                    "neither was written");
            client.upsertAsync(Points.UpsertPoints.newBuilder().setCollectionName("c").setWait(true).setTimeout(30)
                    .addPoints(Points.PointStruct.newBuilder().setId(id(3)).setVectors(vectors(1f, 0f))).build())
                    .get();
            assertEquals(1, client.countAsync("c").get(), "a call within its timeout is served");

            // A call whose request never ends holds the one permit for as long as its client keeps it open. Which of
            // two calls arriving together gets it is up to the server's executor: a held call refused instead is
            // opened again until it holds the permit and another call is refused.
            AtomicReference<ClientCall<Points.CountPoints, Points.CountResponse>> held = new AtomicReference<>();
            AtomicBoolean heldClosed = new AtomicBoolean(true);
            QdrantApi.await("the node refuses a second call", Duration.ofSeconds(30), () -> {
                try {
                    if (heldClosed.getAndSet(false)) {
                        held.set(hold(client, heldClosed));
                    }
                    client.countAsync("c").get();
                    return false;
                } catch (Exception e) {
                    return e.getCause() instanceof io.grpc.StatusRuntimeException s
                            && s.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED;
                }
            });
            assertTrue(client.healthCheckAsync().get().getVersion().startsWith("1."), "health checks still answer");
            held.get().cancel("done holding", null);
            QdrantApi.await("the permit comes back", Duration.ofSeconds(10), () -> {
                try {
                    return client.countAsync("c").get() == 1;
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    /**
     * Opens a count whose request is never half-closed, so that the server keeps the call open. A unary call's
     * request is sent only when something flushes the connection: a health check (never refused) does.
     */
    private static ClientCall<Points.CountPoints, Points.CountResponse> hold(QdrantClient client, AtomicBoolean closed)
            throws Exception {
        ClientCall<Points.CountPoints, Points.CountResponse> call = client.grpcClient().channel()
                .newCall(PointsGrpc.getCountMethod(), CallOptions.DEFAULT);
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onClose(Status status, Metadata trailers) {
                closed.set(true);
            }
        }, new Metadata());
        call.request(1);
        call.sendMessage(Points.CountPoints.newBuilder().setCollectionName("c").build());
        client.healthCheckAsync().get();
        return call;
    }
}
