package io.atoll.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.cluster.meta.ApplyResult;
import io.atoll.cluster.meta.Applier;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.Rejection;
import io.atoll.cluster.meta.ReplicaState;
import io.atoll.cluster.meta.ReplicationOpState;
import io.atoll.cluster.meta.ReplicationOpType;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.cluster.meta.TransferMethod;
import io.atoll.error.AtollException;
import io.atoll.point.PointStruct;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.Distance;
import io.atoll.schema.HnswConfig;
import io.atoll.schema.VectorParams;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * L0: scale plans against replication operations in flight, on metadata images: a pending or filling copy counts
 * as a replica, a plan removes it by cancelling its operation (a bare removal would be undone), a plan made on an
 * older image is refused, and a plan's records commit all together or not at all.
 */
class ScalePlanTest {
    private final Applier meta = new Applier();

    /** Peers 1 to 3; collection c, factor 1, shard 0 on peer 1 and shard 1 on peer 2. */
    private void cluster() {
        meta.peers(3);
        TreeMap<String, VectorParams> v = new TreeMap<>();
        v.put(PointStruct.DEFAULT_VECTOR, new VectorParams(4, Distance.DOT, null, false));
        CollectionParams params = new CollectionParams(v, false, 2, 1, 1, true, HnswConfig.DEFAULT, new TreeMap<>(),
                null, null);
        meta.applied(new MetadataRecord.CreateCollection("c", "u", params, Map.of(0, List.of(1L), 1, List.of(2L))));
    }

    private ShardInfo shard(int id) {
        return meta.collection("c").shard(id);
    }

    private void copy(String id, int shard, long from, long to) {
        meta.applied(new MetadataRecord.RegisterReplication(id, "c", shard, from, to, ReplicationOpType.COPY,
                TransferMethod.SNAPSHOT, 100));
    }

    /** Applies a plan as the controller does, with the ids it would make. */
    private ApplyResult applyPlan(ScalePlan plan) {
        Map<String, String> ids = new LinkedHashMap<>();
        plan.shards().forEach((s, a) -> a.add().keySet()
                .forEach(n -> ids.put(ScalePlanBatch.key(s, n), "op-" + s + n)));
        List<MetadataRecord> records = ScalePlanBatch.records(meta.image(), plan, ids, 500);
        return meta.apply(new MetadataRecord.Batch(records));
    }

    @Test
    void aPendingCopyCountsAsAReplicaAndAScaleDownCancelsIt() {
        cluster();
        copy("pending", 0, 1, 3);
        ScalePlan up = ScalePlanner.plan(meta.image(), "up", "c", 2);
        assertEquals(Map.of(), up.shards().get("0").add(), "the pending copy is shard 0's second replica");
        assertEquals(1, up.shards().get("1").add().size());

        ScalePlan down = ScalePlanner.plan(meta.image(), "down", "c", 1);
        assertEquals(List.of("3"), down.shards().get("0").remove(), "the copy not yet filled goes first");
        List<MetadataRecord> records = ScalePlanBatch.records(meta.image(), down, Map.of(), 500);
        assertInstanceOf(MetadataRecord.CancelReplication.class, records.get(0), records.toString());
        meta.applied(new MetadataRecord.Batch(records));
        assertEquals(ReplicationOpState.CANCELLED, meta.image().operations().get("pending").state());
        assertEquals(List.of(1L), List.copyOf(shard(0).replicas().keySet()));
    }

    @Test
    void aCopyBeingFilledIsRemovedByCancellingItsOperationNotByRemovingTheReplica() {
        cluster();
        copy("filling", 0, 1, 3);
        meta.applied(new MetadataRecord.AdvanceReplication("filling", ReplicationOpState.REGISTERED, 200));
        assertEquals(ReplicationOpState.HYDRATING, meta.image().operations().get("filling").state());
        assertTrue(shard(0).hasReplicaOn(3));

        ApplyResult bare = meta.apply(new MetadataRecord.RemoveReplica("c", 0, 3));
        assertTrue(bare.rejectedFor(Rejection.Reason.CONFLICT), "the operation would put it back: " + bare.rejection());

        assertTrue(applyPlan(ScalePlanner.plan(meta.image(), "down", "c", 1)).applied());
        assertEquals(ReplicationOpState.CANCELLED, meta.image().operations().get("filling").state());
        assertFalse(shard(0).hasReplicaOn(3));
        assertTrue(shard(0).transfers().isEmpty(), "its transfer went with it");
    }

    @Test
    void aPlanMadeBeforeTheShardChangedIsRefused() {
        cluster();
        ScalePlan up = ScalePlanner.plan(meta.image(), "up", "c", 2);
        assertEquals(Map.of("3", "1"), up.shards().get("0").add());
        meta.applied(new MetadataRecord.AddReplica("c", 0, 3, ReplicaState.DEAD));
        AtollException e = assertThrows(AtollException.class, () -> applyPlan(up));
        assertEquals(AtollException.Kind.CONFLICT, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("out of date"), e.getMessage());

        // A plan to shed the Dead replica, made before a decider removed it.
        ScalePlan down = ScalePlanner.plan(meta.image(), "down", "c", 1);
        assertEquals(List.of("3"), down.shards().get("0").remove());
        meta.applied(new MetadataRecord.RemoveReplica("c", 0, 3));
        e = assertThrows(AtollException.class, () -> applyPlan(down));
        assertEquals(AtollException.Kind.CONFLICT, e.kind(), e.getMessage());
        assertTrue(meta.image().operations().isEmpty());
    }

    @Test
    void aPlanCommitsItsCopiesAndTheFactorTogetherOrNothing() {
        cluster();
        // Shard 1's copy reads from a node holding no replica of it: refused, so shard 0's copy is not kept either.
        ScalePlan bad = new ScalePlan("bad", "c", new TreeMap<>(Map.of(
                "0", new ScalePlan.ShardActions(Map.of("3", "1"), List.of()),
                "1", new ScalePlan.ShardActions(Map.of("3", "1"), List.of()))));
        assertFalse(applyPlan(bad).applied());
        assertTrue(meta.image().operations().isEmpty(), "no copy registered");
        assertEquals(1, meta.collection("c").params().replicationFactor());

        ApplyResult ok = applyPlan(ScalePlanner.plan(meta.image(), "up", "c", 2));
        assertTrue(ok.applied(), String.valueOf(ok.rejection()));
        assertEquals(2, meta.image().operations().size(), "both copies registered");
        assertEquals(2, meta.collection("c").params().replicationFactor(), "in the same record as the factor");
        assertTrue(ScalePlanner.plan(meta.image(), "again", "c", 2).shards().values().stream()
                .allMatch(a -> a.add().isEmpty() && a.remove().isEmpty()), "the pending copies count");
    }

    @Test
    void aMoveInFlightIsNeitherRemovedNorReadFromAndAPlanThatCannotBeMadeSaysWhy() {
        cluster();
        meta.applied(new MetadataRecord.RegisterReplication("m", "c", 0, 1, 3, ReplicationOpType.MOVE,
                TransferMethod.SNAPSHOT, 100));
        meta.applied(new MetadataRecord.AdvanceReplication("m", ReplicationOpState.REGISTERED, 200));
        assertTrue(shard(0).hasReplicaOn(1) && shard(0).hasReplicaOn(3), "both ends hold the shard while it moves");
        assertEquals(Map.of(), ScalePlanner.plan(meta.image(), "same", "c", 1).shards().get("0").add());
        assertEquals(List.of(), ScalePlanner.plan(meta.image(), "same", "c", 1).shards().get("0").remove(),
                "the move's two replicas are one replica to be");
        AtollException e = assertThrows(AtollException.class, () -> ScalePlanner.plan(meta.image(), "up", "c", 2));
        assertEquals(AtollException.Kind.CONFLICT, e.kind());
        assertTrue(e.getMessage().contains("shard 0 of c"), e.getMessage());
    }
}
