package io.atoll.cluster.control.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.cluster.control.loop.ControlView;
import io.atoll.cluster.control.loop.Decision;
import io.atoll.cluster.meta.ApplyResult;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.MetadataApply;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.Rejection;
import io.atoll.cluster.meta.ReplicaOrigin;
import io.atoll.cluster.meta.ReplicaState;
import io.atoll.cluster.meta.ReplicationOpType;
import io.atoll.cluster.meta.TransferMethod;
import io.atoll.point.PointStruct;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.Distance;
import io.atoll.schema.HnswConfig;
import io.atoll.schema.VectorParams;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * L1: the self-managing deciders on images built in memory: the replication factor is kept up and down, a drain
 * moves what it can and stops with a reason when a replica has nowhere to go, and the rebalancer plans the
 * fewest moves and leaves pinned replicas alone.
 */
class ManagementDecidersTest {
    private static final ManagementSettings SETTINGS = new ManagementSettings(true, true, Duration.ofMinutes(5), 2, 2, 256 << 20);

    private ClusterImage image = ClusterImage.EMPTY;
    private long index;

    private void apply(MetadataRecord r) {
        ApplyResult result = MetadataApply.apply(image, r, ++index);
        assertTrue(result.applied(), r + " -> " + result.rejection());
        image = result.image();
    }

    private ControlView view(Set<Long> down, Set<Long> lost) {
        return new ControlView(image, down, lost, Map.of(), (c, s, p) -> OptionalLong.empty());
    }

    private void cluster(int peers, int factor, Map<Integer, List<Long>> placement) {
        for (long p = 1; p <= peers; p++) {
            apply(new MetadataRecord.AddPeer(p, "http://127.0.0.1:" + (6000 + p)));
        }
        TreeMap<String, VectorParams> v = new TreeMap<>();
        v.put(PointStruct.DEFAULT_VECTOR, new VectorParams(4, Distance.DOT, null, false));
        apply(new MetadataRecord.CreateCollection("c", "u", new CollectionParams(v, false, placement.size(), factor, 1,
                true, HnswConfig.DEFAULT, new TreeMap<>(), null, null), placement));
    }

    @Test
    void aDrainMovesAnInSyncReplicaAndStopsWhenItHasNowhereToGo() {
        cluster(3, 2, Map.of(0, List.of(1L, 2L)));
        apply(new MetadataRecord.StartDrain(1, 5));
        DrainDecider drain = new DrainDecider(SETTINGS, () -> 7);
        List<Decision> moves = drain.decide(view(Set.of(), Set.of()));
        assertEquals(1, moves.size(), moves.toString());
        MetadataRecord.RegisterReplication move = (MetadataRecord.RegisterReplication) moves.get(0).record();
        assertEquals(List.of(1L, 3L, ReplicationOpType.MOVE, ReplicaOrigin.DRAIN),
                List.of(move.source(), move.target(), move.type(), move.origin()));

        List<Decision> stop = drain.decide(view(Set.of(3L), Set.of()));
        assertEquals(1, stop.size(), stop.toString());
        MetadataRecord.StopDrain s = (MetadataRecord.StopDrain) stop.get(0).record();
        assertTrue(s.reason().contains("no node can take the replica of shard c/0 on peer 1")
                && s.reason().contains("peer 3: it does not answer"), s.reason());
    }

    @Test
    void aNodeShortOfDiskSpaceTakesNoReplicaAndTheDrainSaysSo() {
        cluster(3, 2, Map.of(0, List.of(1L, 2L)));
        apply(new MetadataRecord.StartDrain(1, 5));
        ControlView full = new ControlView(image, Set.of(), Set.of(), Map.of(), Map.of(1L, 1L << 40, 2L, 1L << 40,
                3L, 10L << 20), (c, s, p) -> OptionalLong.empty());
        List<Decision> d = new DrainDecider(SETTINGS, () -> 7).decide(full);
        assertEquals(1, d.size(), d.toString());
        MetadataRecord.StopDrain stop = (MetadataRecord.StopDrain) d.get(0).record();
        assertTrue(stop.reason().contains("peer 3: it has 10 MB free, below min_free_disk_mb (256)"), stop.reason());
    }

    @Test
    void theFactorIsKeptUpAndDown() {
        cluster(3, 1, Map.of(0, List.of(1L)));
        ReplicationFactorDecider rf = new ReplicationFactorDecider(SETTINGS, () -> 7);
        assertTrue(rf.decide(view(Set.of(), Set.of())).isEmpty());
        var c = image.collections().get("c");
        apply(new MetadataRecord.UpdateCollectionParams("c", c.params(), c.params().withUpdate(3, 1,
                c.params().onDiskPayload(), c.params().hnsw(), c.params().vectors(), c.params().optimizersConfig(),
                c.params().quantization(), c.params().metadata())));
        List<Decision> add = rf.decide(view(Set.of(), Set.of()));
        assertEquals(1, add.size(), add.toString());
        assertEquals(ReplicaOrigin.REPLICATION_FACTOR, ((MetadataRecord.RegisterReplication) add.get(0).record()).origin());
    }

    @Test
    void aDeadReplicaAboveTheFactorIsRemovedAndAnInSyncOneRetiredFirst() {
        cluster(3, 1, Map.of(0, List.of(1L, 2L, 3L)));
        apply(new MetadataRecord.SetReplicaState("c", 0, 3, ReplicaState.DEAD, ReplicaState.ACTIVE));
        ReplicationFactorDecider rf = new ReplicationFactorDecider(SETTINGS, () -> 7);
        List<Decision> d = rf.decide(view(Set.of(), Set.of()));
        long dead = image.collections().get("c").shard(0).replicas().get(3L).incarnation();
        assertEquals(new MetadataRecord.RemoveReplica("c", 0, 3, dead), d.get(0).record(), d.toString());
        // Decided on a view older than the log: a user's transfer made a new replica on peer 3 meanwhile, which
        // the decision must not remove (found by ClusterOperationsApiTest: a move's target vanished under it).
        ClusterImage before = image;
        ApplyResult started = MetadataApply.apply(image, new MetadataRecord.StartTransfer("c", 0, 1, 3,
                TransferMethod.SNAPSHOT, true, false, 10), index + 1);
        assertTrue(started.applied(), started.toString());
        ApplyResult stale = MetadataApply.apply(started.image(), d.get(0).record(), index + 2);
        assertTrue(stale.rejectedFor(Rejection.Reason.UNEXPECTED_STATE), stale.toString());
        image = before;
        apply(d.get(0).record());
        d = rf.decide(view(Set.of(), Set.of()));
        assertTrue(d.get(0).record() instanceof MetadataRecord.RetireReplica r && r.peer() == 2, d.toString());
    }

    @Test
    void theRebalancerPlansTheFewestMovesAndLeavesPinnedReplicas() {
        Map<Integer, List<Long>> placement = new TreeMap<>();
        for (int s = 0; s < 6; s++) {
            placement.put(s, List.of(1L + s % 3, 1L + (s + 1) % 3));
        }
        cluster(3, 2, placement);
        apply(new MetadataRecord.AddPeer(4, "http://127.0.0.1:6004"));
        ClusterLoad load = new ClusterLoad(view(Set.of(), Set.of()), SETTINGS);
        List<RebalancePlan.Move> plan = RebalancePlan.plan(load);
        assertEquals(3, plan.size(), plan.toString());
        assertTrue(plan.stream().allMatch(m -> m.to() == 4), plan.toString());
        assertEquals(1, plan.stream().filter(RebalancePlan.Move::primary).count(), plan.toString());
    }

    @Test
    void evenReplicasWithUnevenPrimariesGetAPrimaryMoveAndOneBack() {
        cluster(3, 2, Map.of(0, List.of(1L, 2L), 1, List.of(3L, 1L), 2, List.of(2L, 3L)));
        // Placement spreads primaries; a failover concentrated them: shard 2's primary moves to peer 2's replica.
        assertEquals(Map.of(1L, 1, 2L, 1, 3L, 1), new ClusterLoad(view(Set.of(), Set.of()), SETTINGS).primaries);
        apply(new MetadataRecord.ElectPrimary("c", 1, 1, image.collections().get("c").shard(1).term() + 1));
        ClusterLoad load = new ClusterLoad(view(Set.of(), Set.of()), SETTINGS);
        assertEquals(2, load.primaries.get(1L), load.primaries.toString());
        List<RebalancePlan.Move> plan = RebalancePlan.plan(load);
        assertEquals(2, plan.size(), plan.toString());
        assertTrue(plan.get(0).primary() && plan.get(0).from() == 1, plan.toString());
        assertTrue(!plan.get(1).primary() && plan.get(1).to() == 1, plan.toString());
    }

    @Test
    void aRetiredReplicaIsNotRemovedWhileThePrimaryIsAwayAndStaysIfItLeadsAgain() {
        cluster(3, 1, Map.of(0, List.of(1L, 2L)));
        ReplicationFactorDecider rf = new ReplicationFactorDecider(SETTINGS, () -> 7);
        List<Decision> d = rf.decide(view(Set.of(), Set.of()));
        assertTrue(d.get(0).record() instanceof MetadataRecord.RetireReplica r && r.peer() == 2 && r.retire(),
                d.toString());
        apply(d.get(0).record());
        assertTrue(rf.decide(view(Set.of(1L), Set.of())).isEmpty(),
                "the primary's node is away: its retired copy may be the only current one reachable");
        assertTrue(rf.decide(view(Set.of(), Set.of())).isEmpty(), "no node has said it acted on the retirement");
        long at = image.appliedIndex();
        d = rf.decide(new ControlView(image, Set.of(), Set.of(), Map.of(1L, at, 2L, at, 3L, at),
                (c, s, p) -> OptionalLong.empty()));
        assertTrue(d.get(0).record() instanceof MetadataRecord.DropRetired r && r.peer() == 2, d.toString());

        apply(new MetadataRecord.ElectPrimary("c", 0, 2, image.collections().get("c").shard(0).term() + 1));
        d = rf.decide(view(Set.of(), Set.of()));
        assertTrue(d.get(0).record() instanceof MetadataRecord.RetireReplica r && r.peer() == 2 && !r.retire(),
                d.toString());
        assertTrue(MetadataApply.apply(image, new MetadataRecord.DropRetired("c", 0, 2,
                image.collections().get("c").shard(0).replicas().get(2L).incarnation()), ++index)
                .rejectedFor(io.atoll.cluster.meta.Rejection.Reason.UNEXPECTED_STATE), "a primary is never dropped");
    }
}
