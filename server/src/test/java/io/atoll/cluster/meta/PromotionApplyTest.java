package io.atoll.cluster.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.cluster.meta.Rejection.Reason;
import io.atoll.filter.Condition;
import io.atoll.filter.Filter;
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
 * L0: a tenant promotion in the metadata, record by record: the target replica fills in sync (Resharding), readers
 * switch only once the copy is synced in the source's current term (ActiveRead), then writers (Active); an abort
 * before the readers' switch leaves the target Dead; dropping either key or removing a peer by force ends it.
 */
class PromotionApplyTest {
    private static final ShardKey DEFAULT = ShardKey.of("default");
    private static final ShardKey TENANT = ShardKey.of("t1");
    private static final Filter OF_TENANT = Filter.allOf(new Condition.MatchValue("group", "t1"));

    private final Applier log = new Applier();

    private ApplyResult apply(MetadataRecord r) {
        return log.apply(r);
    }

    private void applied(MetadataRecord r) {
        log.applied(r);
    }

    /** Peers 1 to 3; c sharded by key; default on peers 1 and 2 (shard 0), t1 Partial on peer 3 (shard 1). */
    private void cluster() {
        log.peers(3);
        TreeMap<String, VectorParams> v = new TreeMap<>();
        v.put(PointStruct.DEFAULT_VECTOR, new VectorParams(4, Distance.DOT, null, false));
        applied(new MetadataRecord.CreateCollection("c", "u", new CollectionParams(v, false, 1, 2, 1, true,
                HnswConfig.DEFAULT, new TreeMap<>(), null, null, ShardingMethod.CUSTOM, null), Map.of()));
        applied(new MetadataRecord.CreateShardKey("c", DEFAULT, List.of(List.of(1L, 2L)), ReplicaState.ACTIVE));
        applied(new MetadataRecord.CreateShardKey("c", TENANT, List.of(List.of(3L)), ReplicaState.PARTIAL));
    }

    private CollectionMeta c() {
        return log.collection("c");
    }

    private MetadataRecord.StartPromotion start(String uuid) {
        return new MetadataRecord.StartPromotion("c", uuid, DEFAULT, TENANT, Promotion.encode(OF_TENANT), 10);
    }

    private void synced(String uuid) {
        applied(new MetadataRecord.MigrationProgressed("c", uuid, 0, 1, c().shard(0).term(), 5, 5, true, null));
    }

    @Test
    void readersThenWritersSwitchToTheTarget() throws IOException {
        cluster();
        applied(start("p"));
        assertEquals(ReplicaState.RESHARDING, c().shard(1).state(3L));
        assertEquals(3L, c().shard(1).primary(), "the target fills through its primary");
        assertEquals(OF_TENANT, c().promotion().decodedFilter());
        assertEquals(log.image, MetadataCodec.decodeImage(MetadataCodec.encode(log.image)));
        assertTrue(apply(new MetadataRecord.SwitchPromotionReads("c", "p", 20)).rejectedFor(Reason.UNEXPECTED_STATE),
                "not before the copy is synced");
        synced("p");
        applied(new MetadataRecord.SwitchPromotionReads("c", "p", 20));
        assertEquals(ReplicaState.ACTIVE_READ, c().shard(1).state(3L));
        assertTrue(apply(new MetadataRecord.AbortPromotion("c", "p", "x")).rejectedFor(Reason.UNEXPECTED_STATE),
                "no abort once readers use the target");
        assertEquals(0, c().routingFence());
        applied(new MetadataRecord.FinishPromotion("c", "p"));
        assertEquals(ReplicaState.ACTIVE, c().shard(1).state(3L));
        assertNull(c().promotion());
        assertEquals(log.image.appliedIndex(), c().routingFence(), "writes routed before the writers' switch are "
                + "refused, so that they go to the target");
    }

    @Test
    void aCopySyncedUnderAnEarlierPrimaryDoesNotCount() {
        cluster();
        applied(start("p"));
        synced("p");
        applied(new MetadataRecord.SetReplicaState("c", 0, 1L, ReplicaState.DEAD, ReplicaState.ACTIVE));
        applied(new MetadataRecord.ElectPrimary("c", 0, 2L, c().shard(0).term() + 1));
        assertTrue(apply(new MetadataRecord.SwitchPromotionReads("c", "p", 20)).rejectedFor(Reason.UNEXPECTED_STATE));
    }

    @Test
    void abortedByRequestByADroppedKeyOrAForcedRemoval() {
        cluster();
        applied(start("p"));
        applied(new MetadataRecord.AbortPromotion("c", "p", "by request"));
        assertNull(c().promotion());
        assertEquals(ReplicaState.DEAD, c().shard(1).state(3L));
        assertEquals("Filtered shard transfer can't be started, because destination shard 3/1 is dead",
                apply(start("q")).rejection().message());

        applied(new MetadataRecord.DropShardKey("c", TENANT));
        applied(new MetadataRecord.CreateShardKey("c", TENANT, List.of(List.of(3L)), ReplicaState.PARTIAL));
        applied(start("r"));
        applied(new MetadataRecord.DropShardKey("c", DEFAULT));
        assertNull(c().promotion(), "the source key is gone");
        assertEquals(ReplicaState.DEAD, c().shard(c().ring(TENANT).getFirst()).state(3L));

        applied(new MetadataRecord.CreateShardKey("c", DEFAULT, List.of(List.of(1L, 2L)), ReplicaState.ACTIVE));
        applied(new MetadataRecord.DropShardKey("c", TENANT));
        applied(new MetadataRecord.CreateShardKey("c", TENANT, List.of(List.of(3L)), ReplicaState.PARTIAL));
        applied(new MetadataRecord.StartPromotion("c", "s", DEFAULT, TENANT, Promotion.encode(OF_TENANT), 10));
        applied(new MetadataRecord.RemovePeer(3L, true));
        assertNull(c().promotion(), "the target's peer is gone");
    }

    @Test
    void onceReadersSwitchedTheTargetKeepsWhatItHas() {
        cluster();
        applied(start("p"));
        synced("p");
        applied(new MetadataRecord.SwitchPromotionReads("c", "p", 20));
        applied(new MetadataRecord.DropShardKey("c", DEFAULT));
        assertNull(c().promotion());
        assertEquals(ReplicaState.ACTIVE, c().shard(1).state(3L), "the source is gone: the target takes writes");

        applied(new MetadataRecord.CreateShardKey("c", DEFAULT, List.of(List.of(1L, 2L)), ReplicaState.ACTIVE));
        applied(new MetadataRecord.CreateShardKey("c", ShardKey.of("t2"), List.of(List.of(3L)),
                ReplicaState.PARTIAL));
        applied(new MetadataRecord.StartPromotion("c", "q", DEFAULT, ShardKey.of("t2"), Promotion.encode(OF_TENANT),
                10));
        int target = c().promotion().to();
        applied(new MetadataRecord.MigrationProgressed("c", "q", c().promotion().from(), target,
                c().shard(c().promotion().from()).term(), 1, 1, true, null));
        applied(new MetadataRecord.SwitchPromotionReads("c", "q", 20));
        applied(new MetadataRecord.RemovePeer(3L, true));
        assertTrue(c().shard(target).replicas().isEmpty());
        applied(new MetadataRecord.FinishPromotion("c", "q"));
        assertNull(c().promotion(), "a target with no replica left ends without a state to set");
    }

    @Test
    void refusals() {
        cluster();
        applied(new MetadataRecord.CreateShardKey("c", ShardKey.of("wide"), List.of(List.of(1L), List.of(2L)),
                ReplicaState.ACTIVE));
        applied(new MetadataRecord.CreateShardKey("c", ShardKey.of("twice"), List.of(List.of(1L, 2L)),
                ReplicaState.PARTIAL));
        String filter = Promotion.encode(OF_TENANT);
        assertEquals("Only replicating from shard keys with exactly one shard is supported. Shard key \"wide\" has 2 "
                + "shards", apply(new MetadataRecord.StartPromotion("c", "p", ShardKey.of("wide"), TENANT, filter, 1))
                .rejection().message());
        assertEquals("Only replicating to shard keys with exactly one replica is supported. Shard key \"twice\" has 2 "
                + "replicas", apply(new MetadataRecord.StartPromotion("c", "p", DEFAULT, ShardKey.of("twice"), filter,
                1)).rejection().message());
        assertTrue(apply(new MetadataRecord.StartPromotion("c", "p", DEFAULT, ShardKey.of("nope"), filter, 1))
                .rejectedFor(Reason.NOT_FOUND));
        applied(start("p"));
        assertTrue(apply(start("q")).rejectedFor(Reason.CONFLICT), "one at a time");
    }
}
