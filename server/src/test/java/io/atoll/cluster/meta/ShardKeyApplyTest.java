package io.atoll.cluster.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.cluster.meta.Rejection.Reason;
import io.atoll.point.PointStruct;
import io.atoll.point.ShardKey;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.Distance;
import io.atoll.schema.HnswConfig;
import io.atoll.schema.ShardingMethod;
import io.atoll.schema.VectorParams;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * L0: shard keys in the metadata: a collection sharded by key starts without shards, each key brings its own ring,
 * a resharding of one key leaves the others' rings alone, and dropping a key takes its shards, its resharding and
 * its operations with it. Every refusal has Qdrant's apply-time message.
 */
class ShardKeyApplyTest {
    private static final ShardKey A = ShardKey.of("a");
    private static final ShardKey B = ShardKey.of(7);

    private final Applier log = new Applier();

    private ApplyResult apply(MetadataRecord r) {
        return log.apply(r);
    }

    private void applied(MetadataRecord r) {
        log.applied(r);
    }

    private void cluster(ShardingMethod method) {
        log.peers(3);
        TreeMap<String, VectorParams> v = new TreeMap<>();
        v.put(PointStruct.DEFAULT_VECTOR, new VectorParams(4, Distance.DOT, null, false));
        CollectionParams params = new CollectionParams(v, false, 2, 2, 1, true, HnswConfig.DEFAULT, new TreeMap<>(),
                null, null, method, null);
        applied(new MetadataRecord.CreateCollection("c", "u", params,
                method == ShardingMethod.CUSTOM ? Map.of() : Map.of(0, List.of(1L, 2L), 1, List.of(2L, 3L))));
    }

    private CollectionMeta c() {
        return log.collection("c");
    }

    private MetadataRecord.CreateShardKey create(ShardKey k, List<List<Long>> placement) {
        return new MetadataRecord.CreateShardKey("c", k, placement, ReplicaState.ACTIVE);
    }

    @Test
    void eachKeyHasARingOfItsOwn() throws IOException {
        cluster(ShardingMethod.CUSTOM);
        assertTrue(c().shards().isEmpty());
        applied(create(A, List.of(List.of(1L, 2L), List.of(2L, 3L))));
        applied(create(B, List.of(List.of(3L))));
        assertEquals(List.of(0, 1), c().ring(A));
        assertEquals(List.of(2), c().ring(B));
        assertEquals(List.of(), c().ring(null));
        assertEquals(List.of(B, A), List.copyOf(c().keys()), "numbers before strings");
        assertEquals(B, c().keyOf(2));
        assertEquals(1L, c().shard(0).primary());
        assertEquals(0L, c().shard(0).term() - 1);
        // The keys survive the codec the Raft log and snapshots use.
        assertEquals(log.image, MetadataCodec.decodeImage(MetadataCodec.encode(log.image)));
    }

    @Test
    void aKeysReshardingLeavesTheOtherKeysAlone() {
        cluster(ShardingMethod.CUSTOM);
        applied(create(A, List.of(List.of(1L))));
        applied(create(B, List.of(List.of(2L))));
        assertTrue(apply(new MetadataRecord.StartResharding("c", "r", ReshardingDirection.UP, 0, null, List.of(3L),
                true, 1)).rejectedFor(Reason.INVALID), "a collection sharded by key reshards one key");
        applied(new MetadataRecord.StartResharding("c", "r", ReshardingDirection.UP, 0, A, List.of(3L), true, 1));
        assertEquals(A, c().shard(2).key());
        assertEquals(List.of(0), c().readRing(A));
        assertEquals(List.of(0), c().writeRing(A));
        assertEquals(List.of(1), c().readRing(B));
        assertEquals(List.of(1), c().ring(B));
        // Dropping the key ends its resharding with it.
        applied(new MetadataRecord.DropShardKey("c", A));
        assertNull(c().resharding());
        assertEquals(List.of(1), List.copyOf(c().shards().keySet()));
        assertEquals(2, c().params().shardNumber(), "shard_number stays the shards a new key gets");
    }

    @Test
    void refusals() {
        cluster(ShardingMethod.AUTO);
        assertEquals("Shard Key \"a\" cannot be created with Auto sharding method",
                apply(create(A, List.of(List.of(1L)))).rejection().message());
        assertEquals("shard key \"a\" cannot be removed with Auto sharding method",
                apply(new MetadataRecord.DropShardKey("c", A)).rejection().message());
        log.image = ClusterImage.EMPTY;
        cluster(ShardingMethod.CUSTOM);
        applied(create(A, List.of(List.of(1L))));
        assertEquals("Shard key \"a\" already exists", apply(create(A, List.of(List.of(1L)))).rejection().message());
        assertEquals("Shard key 7 placement cannot be empty", apply(create(B, List.of())).rejection().message());
        assertEquals("Shard Key 7 placement contains unknown peers: [9]",
                apply(create(B, List.of(List.of(9L)))).rejection().message());
        assertTrue(apply(new MetadataRecord.CreateShardKey("c", B, List.of(List.of(1L)), ReplicaState.DEAD))
                .rejectedFor(Reason.INVALID));
        assertTrue(apply(new MetadataRecord.DropShardKey("c", B)).rejectedFor(Reason.NOT_FOUND));
        assertTrue(apply(new MetadataRecord.CreateShardKey("nope", B, List.of(List.of(1L)), ReplicaState.ACTIVE))
                .rejectedFor(Reason.NOT_FOUND));
    }

    @Test
    void aPartialKeyWaitsForItsFillingWithoutAPrimary() {
        cluster(ShardingMethod.CUSTOM);
        applied(new MetadataRecord.CreateShardKey("c", A, List.of(List.of(1L)), ReplicaState.PARTIAL));
        assertEquals(0L, c().shard(0).primary());
        assertEquals(ReplicaState.PARTIAL, c().shard(0).state(1L));
    }
}
