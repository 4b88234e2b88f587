package io.atoll.api.grpc;

import static io.atoll.api.grpc.GrpcStatus.status;
import static io.atoll.testing.QdrantAssertions.ok;
import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.ShardKeyFactory.shardKey;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorsFactory.vectors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.AtollProcess;
import io.atoll.testing.QdrantApi;
import io.atoll.testing.RestClient;
import io.atoll.testing.TestCluster;
import io.grpc.Status;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.grpc.Collections;
import io.qdrant.client.grpc.Collections.CollectionClusterInfoResponse;
import io.qdrant.client.grpc.Collections.UpdateCollectionClusterSetupRequest;
import io.qdrant.client.grpc.Points;
import io.qdrant.client.grpc.Points.PointStruct;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Qdrant's official Java client on a real three-node cluster: points written through one node's gRPC port are read
 * through another node's REST, and the other way round; a collection's cluster info and its setup operations
 * (replicate and drop a replica, shard keys) through gRPC, each seen through REST.
 */
class QdrantJavaClientClusterTest {
    private static final Duration SETTLE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static QdrantClient grpc(AtollProcess node) {
        return new QdrantClient(QdrantGrpcClient.newBuilder("127.0.0.1", node.grpcPort(), false).build());
    }

    private static List<PointStruct> points(int from, int to) {
        List<PointStruct> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(PointStruct.newBuilder().setId(id(i)).setVectors(vectors(i, 1f)).putPayload("n", value(i))
                    .build());
        }
        return out;
    }

    @Test
    void writesThroughOneApiAreReadThroughTheOtherOnAnyNode() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir.resolve("cluster"), 3);
             QdrantClient a = grpc(cluster.node(0)); QdrantClient c = grpc(cluster.node(2))) {
            RestClient b = cluster.node(1).client();
            a.createCollectionAsync(Collections.CreateCollection.newBuilder().setCollectionName("cross")
                    .setVectorsConfig(Collections.VectorsConfig.newBuilder().setParams(Collections.VectorParams
                            .newBuilder().setSize(2).setDistance(Collections.Distance.Dot)))
                    .setShardNumber(3).setReplicationFactor(2).build()).get();
            a.upsertAsync(Points.UpsertPoints.newBuilder().setCollectionName("cross").setWait(true)
                    .addAllPoints(points(0, 100)).build()).get();
            QdrantApi.await("node 1 serves the collection", SETTLE, () -> b.get("/collections/cross").status() == 200);
            assertEquals(100, ok(b.post("/collections/cross/points/count", Map.of())).get("count").asLong(),
                    "gRPC on node 0, REST on node 1");
            assertEquals(42, ok(b.get("/collections/cross/points/42")).at("/payload/n").asInt());

            List<Map<String, Object>> more = new ArrayList<>();
            for (int i = 100; i < 150; i++) {
                more.add(Map.of("id", i, "vector", List.of(i, 1), "payload", Map.of("n", i)));
            }
            ok(b.put("/collections/cross/points?wait=true", Map.of("points", more)));
            assertEquals(150, c.countAsync("cross").get(), "REST on node 1, gRPC on node 2");
            List<Points.ScoredPoint> top = c.queryAsync(Points.QueryPoints.newBuilder().setCollectionName("cross")
                    .setQuery(io.qdrant.client.QueryFactory.nearest(1f, 0f)).setLimit(3).build()).get();
            assertEquals(List.of(149L, 148L, 147L), top.stream().map(p -> p.getId().getNum()).toList(),
                    "a search across the three shards");

            clusterInfoAgreesWithRest(cluster, a);
            replicasAreAddedAndDroppedThroughGrpc(cluster, a);
        }
    }

    private static void clusterInfoAgreesWithRest(TestCluster cluster, QdrantClient a) throws Exception {
        CollectionClusterInfoResponse info = a.getCollectionClusterInfoAsync("cross").get();
        JsonNode rest = ok(cluster.node(0).client().get("/collections/cross/cluster"));
        assertEquals(rest.get("peer_id").asLong(), info.getPeerId());
        assertEquals(3, info.getShardCount());
        assertEquals(rest.get("local_shards").size(), info.getLocalShardsCount());
        assertEquals(rest.get("remote_shards").size(), info.getRemoteShardsCount());
        assertEquals(6, info.getLocalShardsCount() + info.getRemoteShardsCount(), "3 shards of 2 replicas");
        assertTrue(info.getLocalShardsList().stream().allMatch(s -> s.getState() == Collections.ReplicaState
                .Active), info::toString);
    }

    /** Adds a third replica of shard 0 where it lacks one, then drops it again, both through gRPC. */
    private static void replicasAreAddedAndDroppedThroughGrpc(TestCluster cluster, QdrantClient a) throws Exception {
        RestClient rest = cluster.node(0).client();
        Set<Long> holders = holders(rest, 0);
        long from = holders.iterator().next();
        long to = java.util.stream.IntStream.range(0, 3).mapToLong(cluster::peerId).filter(p -> !holders.contains(p))
                .findFirst().orElseThrow();
        a.updateCollectionClusterSetupAsync(UpdateCollectionClusterSetupRequest.newBuilder().setCollectionName("cross")
                .setReplicateShard(Collections.ReplicateShard.newBuilder().setShardId(0).setFromPeerId(from)
                        .setToPeerId(to).setMethod(Collections.ShardTransferMethod.StreamRecords)).build()).get();
        QdrantApi.await("shard 0 has a replica on " + to, SETTLE, () -> holders(rest, 0).contains(to)
                && ok(rest.get("/collections/cross/cluster")).get("shard_transfers").isEmpty());
        a.updateCollectionClusterSetupAsync(UpdateCollectionClusterSetupRequest.newBuilder().setCollectionName("cross")
                .setDropReplica(Collections.Replica.newBuilder().setShardId(0).setPeerId(to)).build()).get();
        QdrantApi.await("shard 0's replica on " + to + " is dropped", SETTLE, () -> !holders(rest, 0).contains(to));

        // the same refusal, code and message, in both APIs
        Status unknown = status(() -> a.updateCollectionClusterSetupAsync(UpdateCollectionClusterSetupRequest
                .newBuilder().setCollectionName("cross").setMoveShard(Collections.MoveShard.newBuilder()
                        .setShardId(0).setFromPeerId(from).setToPeerId(424242)).build()).get());
        RestClient.Response restUnknown = rest.post("/collections/cross/cluster", Map.of("move_shard", Map.of(
                "shard_id", 0, "from_peer_id", from, "to_peer_id", 424242)));
        assertEquals(restUnknown.error(), unknown.getDescription());
        assertTrue(restUnknown.status() == 404 ? unknown.getCode() == Status.Code.NOT_FOUND
                : unknown.getCode() == Status.Code.INVALID_ARGUMENT, unknown + " vs " + restUnknown);
        assertEquals(Status.Code.INVALID_ARGUMENT, status(() -> a.updateCollectionClusterSetupAsync(
                UpdateCollectionClusterSetupRequest.newBuilder().setCollectionName("cross").build()).get()).getCode(),
                "no operation");
    }

    private static Set<Long> holders(RestClient rest, int shard) {
        JsonNode r = ok(rest.get("/collections/cross/cluster"));
        Set<Long> out = new TreeSet<>();
        r.get("local_shards").forEach(s -> {
            if (s.get("shard_id").asInt() == shard) {
                out.add(r.get("peer_id").asLong());
            }
        });
        r.get("remote_shards").forEach(s -> {
            if (s.get("shard_id").asInt() == shard) {
                out.add(s.get("peer_id").asLong());
            }
        });
        return out;
    }

    @Test
    void shardKeysAreCreatedListedAndDroppedThroughGrpc() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir.resolve("keys"), 1);
             QdrantClient a = grpc(cluster.node(0))) {
            RestClient rest = cluster.node(0).client();
            new QdrantApi(rest).createCollection("keyed", Map.of("vectors", Map.of("size", 2, "distance", "Dot"),
                    "sharding_method", "custom"));
            a.createShardKeyAsync(Collections.CreateShardKeyRequest.newBuilder().setCollectionName("keyed")
                    .setRequest(Collections.CreateShardKey.newBuilder().setShardKey(shardKey("eu"))
                            .setShardsNumber(2)).build()).get();
            a.createShardKeyAsync(Collections.CreateShardKeyRequest.newBuilder().setCollectionName("keyed")
                    .setRequest(Collections.CreateShardKey.newBuilder().setShardKey(shardKey(9))).build()).get();
            assertEquals(Set.of("eu", "9"), keys(a));
            assertEquals(2, ok(rest.get("/collections/keyed/shards")).get("shard_keys").size());
            assertEquals(3, a.getCollectionClusterInfoAsync("keyed").get().getShardCount());
            Status again = status(() -> a.createShardKeyAsync(Collections.CreateShardKeyRequest.newBuilder()
                    .setCollectionName("keyed").setRequest(Collections.CreateShardKey.newBuilder()
                            .setShardKey(shardKey("eu"))).build()).get());
            RestClient.Response restAgain = rest.put("/collections/keyed/shards", Map.of("shard_key", "eu"));
            assertEquals(400, restAgain.status(), "an existing key is a bad request, as in Qdrant");
            assertEquals(Status.Code.INVALID_ARGUMENT, again.getCode());
            assertEquals(restAgain.error(), again.getDescription());
            a.deleteShardKeyAsync(Collections.DeleteShardKeyRequest.newBuilder().setCollectionName("keyed")
                    .setRequest(Collections.DeleteShardKey.newBuilder().setShardKey(shardKey("eu"))).build()).get();
            assertEquals(Set.of("9"), keys(a));
        }
    }

    private static Set<String> keys(QdrantClient a) throws Exception {
        Set<String> out = new TreeSet<>();
        a.listShardKeysAsync("keyed").get().forEach(k -> out.add(k.getKey().hasKeyword() ? k.getKey().getKeyword()
                : Long.toString(k.getKey().getNumber())));
        return out;
    }
}
