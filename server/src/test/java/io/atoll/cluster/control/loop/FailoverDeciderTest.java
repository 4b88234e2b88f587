package io.atoll.cluster.control.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.cluster.meta.ApplyResult;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.MetadataApply;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.ReplicaState;
import io.atoll.point.PointStruct;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.Distance;
import io.atoll.schema.HnswConfig;
import io.atoll.schema.VectorParams;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** L1: failover decisions against images and liveness made up in memory (no node, no network). */
class FailoverDeciderTest {
    private final FailoverDecider decider = new FailoverDecider();
    private final Map<Long, Long> positions = new HashMap<>();

    static CollectionParams params(int shards, int rf) {
        TreeMap<String, VectorParams> v = new TreeMap<>();
        v.put(PointStruct.DEFAULT_VECTOR, new VectorParams(4, Distance.DOT, null, false));
        return new CollectionParams(v, false, shards, rf, 1, true, HnswConfig.DEFAULT, new TreeMap<>(), null, null);
    }

    /** Peers 1 to 4; collection c, shard 0 on {@code placement} (the first its primary). */
    static ClusterImage cluster(Long... placement) {
        ClusterImage image = ClusterImage.EMPTY;
        for (long p = 1; p <= 4; p++) {
            image = MetadataApply.apply(image, new MetadataRecord.AddPeer(p, "http://n" + p + ":1"), p).image();
        }
        return MetadataApply.apply(image, new MetadataRecord.CreateCollection("c", "u", params(1, placement.length),
                Map.of(0, List.of(placement))), 5).image();
    }

    private List<Decision> decide(ClusterImage image, Long... down) {
        ReplicaPositions known = (collection, shard, peer) -> positions.containsKey(peer)
                ? OptionalLong.of(positions.get(peer)) : OptionalLong.empty();
        return decider.decide(new ControlView(image, Set.of(down), known));
    }

    private static ClusterImage afterAll(ClusterImage image, List<Decision> decisions) {
        for (Decision d : decisions) {
            ApplyResult r = MetadataApply.apply(image, d.record(), image.appliedIndex() + 1);
            assertTrue(r.applied(), d + ": " + r.rejection());
            image = r.image();
        }
        return image;
    }

    @Test
    void aLostPrimaryIsReplacedByTheLiveInSyncReplicaHoldingTheMostOperations() {
        positions.putAll(Map.of(2L, 40L, 3L, 41L));
        ClusterImage image = cluster(1L, 2L, 3L);
        List<Decision> decisions = decide(image, 1L);
        assertEquals(1, decisions.size());
        assertTrue(decisions.getFirst().reason().contains("fails over to peer 3"), decisions.getFirst().reason());
        var shard = afterAll(image, decisions).collections().get("c").shard(0);
        assertEquals(3, shard.primary());
        assertEquals(2, shard.term());
        assertEquals(ReplicaState.DEAD, shard.state(1));
    }

    @Test
    void tiesGoToTheLowestPeerAndSilentOrDownCandidatesAreNotElected() {
        positions.putAll(Map.of(3L, 7L, 4L, 7L));
        assertEquals(3, afterAll(cluster(1L, 2L, 3L, 4L), decide(cluster(1L, 2L, 3L, 4L), 1L))
                .collections().get("c").shard(0).primary(), "2 does not report, 3 and 4 tie");
        positions.put(2L, 100L);
        assertEquals(4, afterAll(cluster(1L, 2L, 3L, 4L), decide(cluster(1L, 2L, 3L, 4L), 1L, 2L, 3L))
                .collections().get("c").shard(0).primary(), "2 and 3 are down themselves");
    }

    @Test
    void aShardWithNoSurvivorToLeadItKeepsItsPrimary() {
        assertEquals(List.of(), decide(cluster(1L, 2L), 1L), "2 does not report its position");
        assertEquals(List.of(), decide(cluster(1L), 1L), "its only in-sync replica was on the lost peer");
    }

    @Test
    void aLostReplicaThatDoesNotLeadIsMarkedDeadAndOnlyOnce() {
        ClusterImage image = cluster(1L, 2L, 3L);
        List<Decision> decisions = decide(image, 2L);
        assertEquals(List.of(new MetadataRecord.SetReplicaState("c", 0, 2, ReplicaState.DEAD, ReplicaState.ACTIVE)),
                decisions.stream().map(Decision::record).toList());
        assertEquals(List.of(), decide(afterAll(image, decisions), 2L));
        assertEquals(List.of(), decide(image), "nobody is down");
    }
}
