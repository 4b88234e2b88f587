package io.atoll.api.grpc;

import static io.atoll.api.grpc.GrpcStatus.code;
import static io.atoll.testing.QdrantAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.QdrantApi;
import io.grpc.Status;
import io.qdrant.client.grpc.SnapshotsService.SnapshotDescription;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** qdrant.Snapshots through Qdrant's official Java client, each snapshot seen the same way through REST. */
class QdrantJavaClientSnapshotsTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();


    @Test
    void collectionSnapshotsAreCreatedListedAndDeleted() throws Exception {
        String c = AtollServerExtension.collection("grpc_snapshots");
        new QdrantApi(SERVER.client()).createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot")));
        ok(SERVER.client().put("/collections/" + c + "/points?wait=true", Map.of("points",
                List.of(Map.of("id", 1, "vector", List.of(1, 2))))));
        SnapshotDescription d = SERVER.grpc().createSnapshotAsync(c).get();
        assertTrue(d.getSize() > 0);
        assertTrue(d.getChecksum().matches("[0-9a-f]{64}"), d::toString);
        assertTrue(Math.abs(d.getCreationTime().getSeconds() - Instant.now().getEpochSecond()) < 600, d::toString);
        List<SnapshotDescription> listed = SERVER.grpc().listSnapshotAsync(c).get();
        assertEquals(List.of(d.getName()), listed.stream().map(SnapshotDescription::getName).toList());
        assertEquals(d.getChecksum(), ok(SERVER.client().get("/collections/" + c + "/snapshots")).get(0)
                .get("checksum").asText());
        SERVER.grpc().deleteSnapshotAsync(c, d.getName()).get();
        assertTrue(SERVER.grpc().listSnapshotAsync(c).get().isEmpty());
        assertEquals(Status.Code.NOT_FOUND, code(() -> SERVER.grpc().deleteSnapshotAsync(c, d.getName()).get()));
        assertEquals(Status.Code.NOT_FOUND, code(() -> SERVER.grpc().createSnapshotAsync(c + "_missing").get()));
    }

    @Test
    void fullSnapshotsAreCreatedListedAndDeleted() throws Exception {
        SnapshotDescription d = SERVER.grpc().createFullSnapshotAsync().get();
        assertTrue(SERVER.grpc().listFullSnapshotAsync().get().stream().anyMatch(s -> s.getName().equals(d.getName())));
        SERVER.grpc().deleteFullSnapshotAsync(d.getName()).get();
        assertTrue(SERVER.grpc().listFullSnapshotAsync().get().stream().noneMatch(s -> s.getName().equals(d.getName())));
        assertEquals(Status.Code.NOT_FOUND, code(() -> SERVER.grpc().deleteFullSnapshotAsync("none.snapshot").get()));
    }
}
