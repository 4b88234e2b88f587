package io.atoll.cluster.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.cluster.meta.Rejection.Reason;
import io.atoll.point.PointStruct;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.Distance;
import io.atoll.schema.HnswConfig;
import io.atoll.schema.VectorParams;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * L0: resharding in the metadata, record by record: the rings readers and writers use at each stage, the guards
 * of every step (read ring only once every migration is synced in its source's current term and the new shard
 * has the replication factor), abort only before the read ring, and the cleanup a finish or an abort leaves.
 */
class ReshardingApplyTest {
    private ClusterImage image = ClusterImage.EMPTY;
    private long index;

    private ApplyResult apply(MetadataRecord r) {
        ApplyResult result = MetadataApply.apply(image, r, ++index);
        image = result.image();
        return result;
    }

    private void applied(MetadataRecord r) {
        ApplyResult result = apply(r);
        assertTrue(result.applied(), r + " -> " + result.rejection());
    }

    /** Peers 1 to 3; collection c with 3 shards, replication factor 2. */
    private void cluster() {
        for (long p = 1; p <= 3; p++) {
            applied(new MetadataRecord.AddPeer(p, "http://127.0.0.1:" + (6000 + p)));
        }
        TreeMap<String, VectorParams> v = new TreeMap<>();
        v.put(PointStruct.DEFAULT_VECTOR, new VectorParams(4, Distance.DOT, null, false));
        CollectionParams params = new CollectionParams(v, false, 3, 2, 1, true, HnswConfig.DEFAULT, new TreeMap<>(),
                null, null);
        applied(new MetadataRecord.CreateCollection("c", "u", params,
                Map.of(0, List.of(1L, 2L), 1, List.of(2L, 3L), 2, List.of(3L, 1L))));
    }

    private CollectionMeta c() {
        return image.collections().get("c");
    }

    private MetadataRecord.StartResharding up(String uuid) {
        return new MetadataRecord.StartResharding("c", uuid, ReshardingDirection.UP, 0, null, List.of(1L, 3L), true,
                100);
    }

    private MetadataRecord.StartResharding down(String uuid) {
        return new MetadataRecord.StartResharding("c", uuid, ReshardingDirection.DOWN, 0, null, List.of(), true, 100);
    }

    private void syncAll(String uuid) {
        for (Migration m : List.copyOf(c().resharding().migrations().values())) {
            applied(new MetadataRecord.MigrationProgressed("c", uuid, m.from(), m.to(), c().shard(m.from()).term(),
                    10, 10, true, null));
        }
    }

    private ApplyResult advance(String uuid) {
        return apply(new MetadataRecord.AdvanceResharding("c", uuid, c().resharding().stage(), 200));
    }

    @Test
    void scalingUpWalksTheStagesAndSwitchesReadsBeforeWrites() {
        cluster();
        applied(up("r"));
        assertEquals(List.of(0, 1, 2), c().readRing(null));
        assertEquals(List.of(0, 1, 2), c().writeRing(null));
        assertTrue(c().readsFiltered());
        ShardInfo added = c().shard(3);
        assertEquals(ReplicaState.RESHARDING, added.state(1));
        assertEquals(1, added.primary(), "the new shard's first peer orders its writes");
        assertEquals(3, c().resharding().migrations().size(), "every old shard migrates to the new one");

        assertTrue(advance("r").rejectedFor(Reason.UNEXPECTED_STATE), "nothing migrated yet");
        syncAll("r");
        assertTrue(advance("r").applied());
        assertEquals(List.of(0, 1, 2, 3), c().readRing(null));
        assertEquals(List.of(0, 1, 2), c().writeRing(null));
        assertEquals(ReplicaState.ACTIVE, c().shard(3).state(3));
        assertTrue(apply(new MetadataRecord.AbortResharding("c", "r", "no")).rejectedFor(Reason.UNEXPECTED_STATE),
                "no abort once reads use the new ring");
        assertTrue(apply(new MetadataRecord.FinishResharding("c", "r")).rejectedFor(Reason.UNEXPECTED_STATE));

        assertTrue(advance("r").applied());
        assertEquals(List.of(0, 1, 2, 3), c().writeRing(null));
        applied(new MetadataRecord.FinishResharding("c", "r"));
        assertNull(c().resharding());
        assertEquals(4, c().params().shardNumber());
        assertEquals(List.of(0, 1, 2, 3), c().ring());
        assertEquals(java.util.Set.of(0, 1, 2), c().unclean(), "old shards still hold what they gave away");
        assertTrue(apply(up("again")).rejectedFor(Reason.CONFLICT), "not before the cleanup");
        for (int s = 0; s < 3; s++) {
            applied(new MetadataRecord.ShardCleaned("c", s));
        }
        assertFalse(c().readsFiltered());
        applied(up("again"));
        assertEquals(4, c().resharding().shardId());
    }

    @Test
    void aMigrationSyncedUnderAnEarlierPrimaryMustSyncAgain() {
        cluster();
        applied(up("r"));
        syncAll("r");
        // Shard 0's primary changes: forwarding lived in the old one.
        applied(new MetadataRecord.ElectPrimary("c", 0, 2, c().shard(0).term() + 1));
        assertTrue(advance("r").rejectedFor(Reason.UNEXPECTED_STATE));
        assertTrue(apply(new MetadataRecord.MigrationProgressed("c", "r", 0, 3, 1, 10, 10, true, null))
                .rejectedFor(Reason.STALE_TERM), "the deposed primary's report is refused");
        syncAll("r");
        assertTrue(advance("r").applied());
    }

    @Test
    void theNewShardNeedsTheReplicationFactorBeforeReadsSwitch() {
        cluster();
        applied(new MetadataRecord.StartResharding("c", "r", ReshardingDirection.UP, 0, null, List.of(2L), true, 1));
        syncAll("r");
        assertTrue(advance("r").rejectedFor(Reason.UNEXPECTED_STATE));
    }

    @Test
    void scalingDownEmptiesTheLastShardAndAnAbortLeavesTheTargetsToClean() {
        cluster();
        applied(down("d"));
        assertEquals(ReplicaState.RESHARDING_SCALE_DOWN, c().shard(2).state(3));
        assertEquals(List.of(0, 1), c().resharding().newRing());
        assertEquals(java.util.Set.of(0, 1), c().resharding().migrations().keySet(), "by target");
        assertTrue(apply(up("u")).rejectedFor(Reason.CONFLICT), "one resharding at a time");

        applied(new MetadataRecord.AbortResharding("c", "d", "operator"));
        assertNull(c().resharding());
        assertEquals(ReplicaState.ACTIVE, c().shard(2).state(3));
        assertEquals(java.util.Set.of(0, 1), c().unclean(), "the targets delete what they were sent");

        for (int s = 0; s < 2; s++) {
            applied(new MetadataRecord.ShardCleaned("c", s));
        }
        applied(down("d2"));
        syncAll("d2");
        assertTrue(advance("d2").applied());
        assertTrue(advance("d2").applied());
        applied(new MetadataRecord.FinishResharding("c", "d2"));
        assertEquals(java.util.Set.of(0, 1), c().shards().keySet());
        assertEquals(2, c().params().shardNumber());
        assertTrue(apply(down("d3")).applied());
        assertTrue(apply(new MetadataRecord.AbortResharding("c", "d3", "x")).applied());
    }

    @Test
    void aForcedPeerRemovalAbortsAMigrationAndADropTakesTheResharding() {
        cluster();
        applied(up("r"));
        applied(new MetadataRecord.RemovePeer(3, true));
        assertNull(c().resharding());
        assertFalse(c().shards().containsKey(3), "the new shard goes with the aborted resharding");
        applied(new MetadataRecord.StartResharding("c", "r2", ReshardingDirection.UP, 0, null, List.of(1L, 2L), true,
                1));
        applied(new MetadataRecord.DropCollection("c"));
        assertTrue(apply(new MetadataRecord.AbortResharding("c", "r2", "x")).rejectedFor(Reason.NOT_FOUND));
    }

    @Test
    void aShardIdTakenAgainStartsAboveTheTermItsRemovedShardReached() {
        // Found by the chaos runner's term probe: scaled down from 3 shards, then up again, shard 2 came back in
        // term 1 after it had reached term 2.
        cluster();
        applied(new MetadataRecord.ElectPrimary("c", 2, 1, c().shard(2).term() + 1));
        applied(new MetadataRecord.ElectPrimary("c", 2, 3, c().shard(2).term() + 1));
        assertEquals(3, c().shard(2).term());
        applied(down("d"));
        syncAll("d");
        assertTrue(advance("d").applied());
        assertTrue(advance("d").applied());
        applied(new MetadataRecord.FinishResharding("c", "d"));
        for (int s = 0; s < 2; s++) {
            applied(new MetadataRecord.ShardCleaned("c", s));
        }
        applied(up("u"));
        assertEquals(4, c().shard(2).term(), "shard 2 again, in a term its first incarnation never had");
        applied(new MetadataRecord.ElectPrimary("c", 2, 3, 5));
        applied(new MetadataRecord.AbortResharding("c", "u", "operator"));
        for (int s : List.copyOf(c().unclean())) {
            applied(new MetadataRecord.ShardCleaned("c", s));
        }
        applied(up("u2"));
        assertEquals(6, c().shard(2).term(), "an aborted new shard's term counts too");
    }

    @Test
    void refusals() {
        cluster();
        assertTrue(apply(new MetadataRecord.AbortResharding("c", null, "x")).rejectedFor(Reason.NOT_FOUND));
        assertTrue(apply(new MetadataRecord.StartResharding("c", "r", ReshardingDirection.UP, 9, null, List.of(1L),
                true, 1)).rejectedFor(Reason.NOT_FOUND), "unknown peer");
        assertTrue(apply(new MetadataRecord.StartResharding("c", "r", ReshardingDirection.UP, 0, io.atoll.point.ShardKey.of("k"), List.of(1L),
                true, 1)).rejectedFor(Reason.NOT_FOUND), "no such shard key");
        assertTrue(apply(new MetadataRecord.StartResharding("nope", "r", ReshardingDirection.UP, 0, null,
                List.of(1L), true, 1)).rejectedFor(Reason.NOT_FOUND));
        applied(up("r"));
        assertTrue(apply(new MetadataRecord.MigrationProgressed("c", "r", 0, 2, 1, 1, 1, true, null))
                .rejectedFor(Reason.NOT_FOUND), "no migration from 0 to 2");
        assertTrue(apply(new MetadataRecord.AdvanceResharding("c", "r", ReshardingStage.READ_HASH_RING_COMMITTED, 1))
                .rejectedFor(Reason.UNEXPECTED_STATE), "wrong stage");
        ClusterImage before = image;
        assertTrue(apply(new MetadataRecord.AbortResharding("c", "other", "x")).rejectedFor(Reason.NOT_FOUND));
        assertEquals(before.collections(), image.collections());
    }

    /** A resharding down and a replication operation on the shard it removes exclude each other (chaos seed 44035). */
    @Test
    void scalingDownWaitsForTheOperationsOnTheShardItRemoves() {
        cluster();
        applied(new MetadataRecord.RegisterReplication("m", "c", 2, 3, 2, ReplicationOpType.MOVE,
                TransferMethod.STREAM_RECORDS, 100));
        ApplyResult refused = apply(down("d"));
        assertTrue(refused.rejectedFor(Reason.CONFLICT), "the move on shard 2 runs");
        assertTrue(refused.rejection().message().contains("replication operation m"), refused.rejection().message());
        applied(new MetadataRecord.CancelReplication("m", null, 150));
        applied(down("d"));
        assertTrue(apply(new MetadataRecord.RegisterReplication("m2", "c", 2, 3, 2, ReplicationOpType.COPY,
                TransferMethod.STREAM_RECORDS, 200)).rejectedFor(Reason.CONFLICT), "shard 2 is going away");
        assertTrue(apply(new MetadataRecord.StartTransfer("c", 2, 3, 2, TransferMethod.STREAM_RECORDS, false, false,
                200)).rejectedFor(Reason.CONFLICT), "nor a transfer");
        applied(new MetadataRecord.RegisterReplication("m3", "c", 1, 3, 1, ReplicationOpType.COPY,
                TransferMethod.STREAM_RECORDS, 200));
    }
}
