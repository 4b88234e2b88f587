package io.atoll.api.grpc;

import static io.atoll.testing.QdrantAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.QdrantApi;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.grpc.Collections.CollectionExistsRequest;
import io.qdrant.client.grpc.Collections.DeleteCollection;
import io.qdrant.client.grpc.QdrantOuterClass.HealthCheckReply;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Qdrant's official Java client ({@code io.qdrant:client}, gRPC) against a real Atoll node: what issue 17 has built
 * so far, the health check and qdrant.Collections' list, exists and delete, in step with REST.
 */
class QdrantJavaClientTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();

    private static QdrantClient client;

    @BeforeAll
    static void connect() {
        client = new QdrantClient(QdrantGrpcClient.newBuilder("127.0.0.1", SERVER.process().grpcPort(), false).build());
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @Test
    void healthCheckAnswersTheQdrantApiVersion() throws Exception {
        HealthCheckReply reply = client.healthCheckAsync().get();
        assertEquals("atoll - vector search engine", reply.getTitle());
        assertEquals("1.19.0", reply.getVersion());
        assertTrue(reply.getCommit().matches("[0-9a-f]{40}"), reply::toString);
    }

    @Test
    void collectionsCreatedThroughRestAreListedFoundAndDropped() throws Exception {
        String c = AtollServerExtension.collection("grpc_list");
        new QdrantApi(SERVER.client()).createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot")));
        assertTrue(client.listCollectionsAsync().get().contains(c));
        assertTrue(client.collectionExistsAsync(c).get());

        assertTrue(client.deleteCollectionAsync(c).get().getResult());
        assertFalse(client.collectionExistsAsync(c).get());
        assertFalse(ok(SERVER.client().get("/collections/" + c + "/exists")).get("exists").asBoolean(),
                "gone for REST too");
        // Dropping it again answers false, as Qdrant does; the client turns a false into its own exception.
        assertFalse(client.grpcClient().collections().delete(DeleteCollection.newBuilder().setCollectionName(c)
                .build()).get().getResult());
        ExecutionException again = assertThrows(ExecutionException.class, () -> client.deleteCollectionAsync(c).get());
        assertTrue(again.getCause().getMessage().contains("could not be deleted"), again::toString);
        assertFalse(client.listCollectionsAsync().get().contains(c));
    }

    @Test
    void aMissingCollectionNameIsAnInvalidArgument() {
        // the client checks names itself, so the request goes through its stub as another client would send it
        ExecutionException e = assertThrows(ExecutionException.class, () -> client.grpcClient().collections()
                .collectionExists(CollectionExistsRequest.newBuilder().build()).get());
        StatusRuntimeException s = assertInstanceOf(StatusRuntimeException.class, e.getCause());
        assertEquals(Status.Code.INVALID_ARGUMENT, s.getStatus().getCode());
        assertTrue(s.getStatus().getDescription().contains("collection_name"), s::toString);
    }

    @Test
    void whatIsNotBuiltYetIsUnimplemented() {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> client.getCollectionInfoAsync("anything").get());
        StatusRuntimeException s = assertInstanceOf(StatusRuntimeException.class, e.getCause());
        assertEquals(Status.Code.UNIMPLEMENTED, s.getStatus().getCode());
    }
}
