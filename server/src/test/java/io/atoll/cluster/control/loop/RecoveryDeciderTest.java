package io.atoll.cluster.control.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.cluster.meta.ApplyResult;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.MetadataApply;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.cluster.meta.ShardTransfer;
import io.atoll.cluster.meta.TransferMethod;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * L1: which Dead replicas the recovery decider brings back, against images made up in memory: by wal_delta from
 * the primary, within the per-node limits on automatic transfers (which user transfers do not use up), never
 * onto a node that is down.
 */
class RecoveryDeciderTest {
    /** Peers 1 to 4 and collection c with {@code placement} (each shard's first peer its primary). */
    private static ClusterImage cluster(Map<Integer, List<Long>> placement) {
        ClusterImage image = ClusterImage.EMPTY;
        for (long p = 1; p <= 4; p++) {
            image = apply(image, new MetadataRecord.AddPeer(p, "http://n" + p + ":1"));
        }
        return apply(image, new MetadataRecord.CreateCollection("c", "u",
                FailoverDeciderTest.params(placement.size(), 2), placement));
    }

    private static ClusterImage apply(ClusterImage image, MetadataRecord record) {
        ApplyResult r = MetadataApply.apply(image, record, image.appliedIndex() + 1);
        assertTrue(r.applied(), record + ": " + r.rejection());
        return r.image();
    }

    /** The primary reports the replica of {@code shard} on {@code peer} Dead. */
    private static ClusterImage dead(ClusterImage image, int shard, long peer) {
        ShardInfo s = image.collections().get("c").shard(shard);
        return apply(image, new MetadataRecord.MarkReplicaDead("c", shard, peer, s.replicas().get(peer).incarnation(),
                s.term()));
    }

    private static List<Decision> decide(ClusterImage image, int incomingLimit, int outgoingLimit, Long... down) {
        RecoveryDecider decider = new RecoveryDecider(incomingLimit, outgoingLimit, () -> 1_000L);
        return decider.decide(new ControlView(image, Set.of(down), (c, s, p) -> OptionalLong.empty()));
    }

    /** The transfers running once the decisions are applied: shard id to transfer. */
    private static Map<Integer, ShardTransfer> started(ClusterImage image, List<Decision> decisions) {
        image = applyAll(image, decisions);
        Map<Integer, ShardTransfer> out = new java.util.TreeMap<>();
        image.collections().get("c").shards().forEach((id, s) -> s.transfers().values().forEach(t -> out.put(id, t)));
        return out;
    }

    @Test
    void aDeadReplicaIsRecoveredFromThePrimaryByWalDeltaOnceItsNodeAnswers() {
        ClusterImage image = dead(cluster(Map.of(0, List.of(1L, 2L))), 0, 2);
        assertTrue(decide(image, 1, 1, 2L).isEmpty(), "its node is down");
        List<Decision> decisions = decide(image, 1, 1);
        assertEquals(1, decisions.size());
        assertTrue(decisions.getFirst().reason().contains("on peer 2 answers again"), decisions.getFirst().reason());
        ShardTransfer t = started(image, decisions).get(0);
        assertEquals(1, t.from());
        assertEquals(2, t.to());
        assertEquals(TransferMethod.WAL_DELTA, t.method());
        assertTrue(t.automatic());
        assertTrue(decide(applyAll(image, decisions), 1, 1).isEmpty(), "a replica being recovered is left to its transfer");
    }

    private static ClusterImage applyAll(ClusterImage image, List<Decision> decisions) {
        for (Decision d : decisions) {
            image = apply(image, d.record());
        }
        return image;
    }

    @Test
    void oneAutomaticTransferIntoANodeAtATimeByDefault() {
        // Node 3 lost the replicas of two shards whose primaries are on different nodes.
        ClusterImage image = dead(dead(cluster(Map.of(0, List.of(1L, 3L), 1, List.of(2L, 3L))), 0, 3), 1, 3);
        assertEquals(1, decide(image, 1, 1).size());
        assertEquals(2, decide(image, 2, 1).size(), "a higher incoming limit");
        ClusterImage one = applyAll(image, decide(image, 1, 1));
        assertTrue(decide(one, 1, 1).isEmpty(), "the running recovery uses node 3's only slot");
    }

    @Test
    void oneAutomaticTransferOutOfANodeAtATimeByDefault() {
        // Node 1 leads two shards whose other replicas, on different nodes, are Dead.
        ClusterImage image = dead(dead(cluster(Map.of(0, List.of(1L, 2L), 1, List.of(1L, 3L))), 0, 2), 1, 3);
        assertEquals(1, decide(image, 1, 1).size());
        assertEquals(2, decide(image, 1, 2).size(), "a higher outgoing limit");
    }

    @Test
    void aUserTransferDoesNotUseUpTheLimits() {
        ClusterImage image = dead(cluster(Map.of(0, List.of(1L, 3L), 1, List.of(2L, 4L))), 0, 3);
        // The user copies shard 1 from node 2 to node 3 (user transfers may exceed the limits, as in Qdrant).
        image = apply(image, new MetadataRecord.StartTransfer("c", 1, 2, 3, TransferMethod.STREAM_RECORDS, false,
                false, 1_000L));
        List<Decision> decisions = decide(image, 1, 1);
        assertEquals(1, decisions.size(), "node 3 still takes one automatic transfer");
        assertEquals(3, started(image, decisions).get(0).to());
    }
}
