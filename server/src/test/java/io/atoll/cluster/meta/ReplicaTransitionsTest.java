package io.atoll.cluster.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
 * Which replica state changes the metadata allows, and replica incarnations. A replica that missed writes becomes
 * in sync only through a transfer; a replica added again is a new incarnation.
 */
class ReplicaTransitionsTest {
    static CollectionParams params(int shards) {
        TreeMap<String, VectorParams> v = new TreeMap<>();
        v.put(PointStruct.DEFAULT_VECTOR, new VectorParams(4, Distance.DOT, null, false));
        return new CollectionParams(v, false, shards, 2, 1, true, HnswConfig.DEFAULT, new TreeMap<>(), null, null);
    }

    /** Applies records one after the other from the empty image, each at the next index; all must apply. */
    static ClusterImage applied(MetadataRecord... records) {
        return applyAll(ClusterImage.EMPTY, records);
    }

    /** Applies records one after the other to {@code image}, each at the next index; all must apply. */
    private static ClusterImage applyAll(ClusterImage image, MetadataRecord... records) {
        for (MetadataRecord r : records) {
            ApplyResult result = MetadataApply.apply(image, r, image.appliedIndex() + 1);
            assertTrue(result.applied(), r + ": " + result.rejection());
            image = result.image();
        }
        return image;
    }

    private static ClusterImage twoReplicas() {
        return applied(new MetadataRecord.AddPeer(1, "http://a:1"), new MetadataRecord.AddPeer(2, "http://b:1"),
                new MetadataRecord.CreateCollection("c", "u", params(1), Map.of(0, List.of(1L, 2L))));
    }

    private static ShardInfo shard(ClusterImage image) {
        return image.collections().get("c").shard(0);
    }

    @Test
    void deadToActiveWithoutATransferIsRefused() {
        ClusterImage image = MetadataApply.apply(twoReplicas(),
                new MetadataRecord.SetReplicaState("c", 0, 2, ReplicaState.DEAD, ReplicaState.ACTIVE), 4).image();
        ApplyResult back = MetadataApply.apply(image,
                new MetadataRecord.SetReplicaState("c", 0, 2, ReplicaState.ACTIVE, null), 5);
        assertTrue(back.rejectedFor(Reason.ILLEGAL_TRANSITION), String.valueOf(back.rejection()));
        assertEquals(ReplicaState.DEAD, shard(back.image()).state(2));
        // Nor through a transfer target's state: Partial is a transfer's, and it leaves only by the transfer.
        ClusterImage partial = MetadataApply.apply(image,
                new MetadataRecord.SetReplicaState("c", 0, 2, ReplicaState.PARTIAL, ReplicaState.DEAD), 5).image();
        assertTrue(MetadataApply.apply(partial, new MetadataRecord.SetReplicaState("c", 0, 2, ReplicaState.ACTIVE,
                ReplicaState.PARTIAL), 6).rejectedFor(Reason.ILLEGAL_TRANSITION));
    }

    @Test
    void everyStateMayBecomeDeadAndNoneButInitializingJoinsTheInSyncSetByItself() {
        for (ReplicaState from : ReplicaState.values()) {
            assertTrue(from.canBecome(ReplicaState.DEAD), from + " to Dead");
            assertTrue(from.canBecome(from), from + " stays");
        }
        assertTrue(ReplicaState.INITIALIZING.canBecome(ReplicaState.ACTIVE));
        assertFalse(ReplicaState.DEAD.canBecome(ReplicaState.ACTIVE));
        assertFalse(ReplicaState.LISTENER.canBecome(ReplicaState.ACTIVE));
    }

    @Test
    void anAddedReplicaHoldsNothingSoItCannotStartInSync() {
        ClusterImage image = applied(new MetadataRecord.AddPeer(1, "http://a:1"), new MetadataRecord.AddPeer(2, "http://b:1"),
                new MetadataRecord.CreateCollection("c", "u", params(1), Map.of(0, List.of(1L))));
        assertTrue(MetadataApply.apply(image, new MetadataRecord.AddReplica("c", 0, 2, ReplicaState.ACTIVE), 4)
                .rejectedFor(Reason.ILLEGAL_TRANSITION));
        ApplyResult added = MetadataApply.apply(image, new MetadataRecord.AddReplica("c", 0, 2, ReplicaState.PARTIAL), 4);
        assertEquals(new Replica(4, ReplicaState.PARTIAL), shard(added.image()).replicas().get(2L));
    }

    @Test
    void aReplicaAddedAgainIsANewIncarnationAndReportsOnTheOldOneChangeNothing() {
        ClusterImage image = twoReplicas();
        long first = shard(image).replicas().get(2L).incarnation();
        assertEquals(3, first, "replicas created with their collection are incarnations of its record");
        image = MetadataApply.apply(image, new MetadataRecord.RemoveReplica("c", 0, 2), 4).image();
        image = MetadataApply.apply(image, new MetadataRecord.AddReplica("c", 0, 2, ReplicaState.DEAD), 5).image();
        assertNotEquals(first, shard(image).replicas().get(2L).incarnation());
        ApplyResult stale = MetadataApply.apply(image, new MetadataRecord.MarkReplicaDead("c", 0, 2, first,
                shard(image).term()), 6);
        assertTrue(stale.rejectedFor(Reason.NOT_FOUND), "a report on the removed incarnation: " + stale.rejection());
    }

    /**
     * Found in review: a report from a deposed primary about a replica that was also replaced meanwhile was answered
     * "no such replica", which the primary takes for leave to acknowledge its writes without it. The term is
     * judged first: the reporter hears that it no longer leads.
     */
    @Test
    void aDeposedPrimaryHearsSoEvenAboutAReplicaReplacedMeanwhile() {
        ClusterImage image = twoReplicas();
        long first = shard(image).replicas().get(2L).incarnation();
        long oldTerm = shard(image).term();
        // A new term (the reporter, peer 1, was deposed and elected again), and peer 2's replica removed and added.
        image = applyAll(image, new MetadataRecord.ElectPrimary("c", 0, 1, oldTerm + 1),
                new MetadataRecord.RemoveReplica("c", 0, 2), new MetadataRecord.AddReplica("c", 0, 2, ReplicaState.DEAD));
        assertNotEquals(first, shard(image).replicas().get(2L).incarnation());
        ApplyResult report = MetadataApply.apply(image, new MetadataRecord.MarkReplicaDead("c", 0, 2, first,
                oldTerm), image.appliedIndex() + 1);
        assertTrue(report.rejectedFor(Reason.STALE_TERM), String.valueOf(report.rejection()));
    }
}
