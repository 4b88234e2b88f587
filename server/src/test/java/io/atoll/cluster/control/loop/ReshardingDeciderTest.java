package io.atoll.cluster.control.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.cluster.meta.ApplyResult;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.MetadataApply;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.Migration;
import io.atoll.cluster.meta.ReshardingDirection;
import io.atoll.cluster.meta.ReshardingStage;
import io.atoll.point.PointStruct;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.Distance;
import io.atoll.schema.HnswConfig;
import io.atoll.schema.VectorParams;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * L1: the resharding decider's choices: reads switch only once every migration is synced, writes only once every
 * live node acted on the read switch, the finish only once every live node acted on the write switch; a scale-up
 * whose new shard has no in-sync replica on a live node is aborted; operator-driven reshardings are left alone.
 */
class ReshardingDeciderTest {
    private static final ReplicaPositions NO_POSITIONS = (c, s, p) -> OptionalLong.empty();

    private ClusterImage image = ClusterImage.EMPTY;
    private long index;
    private final ReshardingDecider decider = new ReshardingDecider(() -> 1000);

    private void apply(MetadataRecord r) {
        ApplyResult result = MetadataApply.apply(image, r, ++index);
        assertTrue(result.applied(), r + " -> " + result.rejection());
        image = result.image();
    }

    private List<Decision> decide(Set<Long> down, long actedByAll) {
        Map<Long, Long> acted = new TreeMap<>();
        image.peers().keySet().forEach(p -> acted.put(p, actedByAll));
        return decider.decide(new ControlView(image, down, acted, NO_POSITIONS));
    }

    private CollectionMeta c() {
        return image.collections().get("c");
    }

    private void cluster(boolean auto) {
        for (long p = 1; p <= 3; p++) {
            apply(new MetadataRecord.AddPeer(p, "http://127.0.0.1:" + (6000 + p)));
        }
        TreeMap<String, VectorParams> v = new TreeMap<>();
        v.put(PointStruct.DEFAULT_VECTOR, new VectorParams(4, Distance.DOT, null, false));
        apply(new MetadataRecord.CreateCollection("c", "u", new CollectionParams(v, false, 2, 2, 1, true,
                HnswConfig.DEFAULT, new TreeMap<>(), null, null), Map.of(0, List.of(1L, 2L), 1, List.of(2L, 3L))));
        apply(new MetadataRecord.StartResharding("c", "r", ReshardingDirection.UP, 0, null, List.of(3L, 1L), auto,
                1));
    }

    private void syncAll() {
        for (Migration m : List.copyOf(c().resharding().migrations().values())) {
            apply(new MetadataRecord.MigrationProgressed("c", "r", m.from(), m.to(), c().shard(m.from()).term(),
                    5, 5, true, null));
        }
    }

    private void decideAndApply() {
        List<Decision> d = decide(Set.of(), Long.MAX_VALUE);
        assertEquals(1, d.size(), d.toString());
        apply(d.getFirst().record());
    }

    @Test
    void stagesWaitForTheMigrationsAndForEveryLiveNode() {
        cluster(true);
        assertTrue(decide(Set.of(), Long.MAX_VALUE).isEmpty(), "nothing synced yet");
        syncAll();
        decideAndApply();
        assertEquals(ReshardingStage.READ_HASH_RING_COMMITTED, c().resharding().stage());
        long readSwitch = c().resharding().stageIndex();
        assertTrue(decide(Set.of(), readSwitch - 1).isEmpty(), "a node still reads by the old ring");
        decideAndApply();
        assertEquals(ReshardingStage.WRITE_HASH_RING_COMMITTED, c().resharding().stage());
        assertTrue(decide(Set.of(), c().resharding().stageIndex() - 1).isEmpty(), "a node still writes by the old ring");
        List<Decision> finish = decide(Set.of(), Long.MAX_VALUE);
        assertInstanceOf(MetadataRecord.FinishResharding.class, finish.getFirst().record());
        apply(finish.getFirst().record());
        assertNull(c().resharding());
    }

    @Test
    void aNewShardWithoutALiveReplicaInSyncIsAbortedAndOperatorsStepTheirOwn() {
        cluster(false);
        syncAll();
        assertTrue(decide(Set.of(), Long.MAX_VALUE).isEmpty(), "an operator-driven resharding is left alone");
        List<Decision> abort = decide(Set.of(1L, 3L), Long.MAX_VALUE);
        assertInstanceOf(MetadataRecord.AbortResharding.class, abort.getFirst().record());
        apply(abort.getFirst().record());
        assertNull(c().resharding());
        assertEquals(Set.of(0, 1), c().shards().keySet(), "the new shard went with it");
    }
}
