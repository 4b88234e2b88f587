package io.atoll.api.grpc;

import static io.atoll.api.grpc.GrpcStatus.code;
import static io.atoll.testing.QdrantAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.QdrantApi;
import io.grpc.Status;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.grpc.SnapshotsService.SnapshotDescription;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** qdrant.Snapshots through Qdrant's official Java client, each snapshot seen the same way through REST. */
class QdrantJavaClientSnapshotsTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();

    private static QdrantClient client;

    @BeforeAll
    static void connect() {
        client = GrpcStatus.connect(SERVER);
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @Test
    void collectionSnapshotsAreCreatedListedAndDeleted() throws Exception {
        String c = AtollServerExtension.collection("grpc_snapshots");
        new QdrantApi(SERVER.client()).createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot")));
        ok(SERVER.client().put("/collections/" + c + "/points?wait=true", Map.of("points",
                List.of(Map.of("id", 1, "vector", List.of(1, 2))))));
        SnapshotDescription d = client.createSnapshotAsync(c).get();
        assertTrue(d.getSize() > 0);
        assertTrue(d.getChecksum().matches("[0-9a-f]{64}"), d::toString);
        assertTrue(Math.abs(d.getCreationTime().getSeconds() - Instant.now().getEpochSecond()) < 600, d::toString);
        List<SnapshotDescription> listed = client.listSnapshotAsync(c).get();
        assertEquals(List.of(d.getName()), listed.stream().map(SnapshotDescription::getName).toList());
        assertEquals(d.getChecksum(), ok(SERVER.client().get("/collections/" + c + "/snapshots")).get(0)
                .get("checksum").asText());
        client.deleteSnapshotAsync(c, d.getName()).get();
        assertTrue(client.listSnapshotAsync(c).get().isEmpty());
        assertEquals(Status.Code.NOT_FOUND, code(() -> client.deleteSnapshotAsync(c, d.getName()).get()));
        assertEquals(Status.Code.NOT_FOUND, code(() -> client.createSnapshotAsync(c + "_missing").get()));
    }

    @Test
    void fullSnapshotsAreCreatedListedAndDeleted() throws Exception {
        SnapshotDescription d = client.createFullSnapshotAsync().get();
        assertTrue(client.listFullSnapshotAsync().get().stream().anyMatch(s -> s.getName().equals(d.getName())));
        client.deleteFullSnapshotAsync(d.getName()).get();
        assertTrue(client.listFullSnapshotAsync().get().stream().noneMatch(s -> s.getName().equals(d.getName())));
        assertEquals(Status.Code.NOT_FOUND, code(() -> client.deleteFullSnapshotAsync("none.snapshot").get()));
    }
}
