package io.atoll.cluster.control.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.cluster.meta.ApplyResult;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.MetadataApply;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.ReplicationOpState;
import io.atoll.cluster.meta.ReplicationOpType;
import io.atoll.cluster.meta.TransferMethod;
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
 * L1: the replication decider's choices: a registered operation starts at once, a failed step waits its backoff,
 * a step that cannot be taken yet waits without an error, and a move's source is dropped only once every live
 * node has acted on the image that took it out of the readers' routing.
 */
class ReplicationOpsDeciderTest {
    private static final ReplicaPositions NO_POSITIONS = (c, s, p) -> OptionalLong.empty();

    private ClusterImage image = ClusterImage.EMPTY;
    private long index;
    private long now = 10_000;
    private final ReplicationOpsDecider decider = new ReplicationOpsDecider(() -> now);

    private void apply(MetadataRecord r) {
        ApplyResult result = MetadataApply.apply(image, r, ++index);
        assertTrue(result.applied(), r + " -> " + result.rejection());
        image = result.image();
    }

    private List<Decision> decide(Set<Long> down, Map<Long, Long> acted) {
        return decider.decide(new ControlView(image, down, acted, NO_POSITIONS));
    }

    private void cluster() {
        for (long p = 1; p <= 3; p++) {
            apply(new MetadataRecord.AddPeer(p, "http://127.0.0.1:" + (6000 + p)));
        }
        TreeMap<String, VectorParams> v = new TreeMap<>();
        v.put(PointStruct.DEFAULT_VECTOR, new VectorParams(4, Distance.DOT, null, false));
        apply(new MetadataRecord.CreateCollection("c", "u", new CollectionParams(v, false, 1, 1, 1, true,
                HnswConfig.DEFAULT, new TreeMap<>(), null, null), Map.of(0, List.of(1L))));
        apply(new MetadataRecord.RegisterReplication("m", "c", 0, 1, 2, ReplicationOpType.MOVE,
                TransferMethod.SNAPSHOT, now));
    }

    private void decideAndApply(int expected) {
        List<Decision> d = decide(Set.of(), Map.of(1L, index, 2L, index, 3L, index));
        assertEquals(expected, d.size(), d.toString());
        d.forEach(x -> apply(x.record()));
    }

    @Test
    void aRegisteredOperationStartsAndAFailedOneWaitsItsBackoff() {
        cluster();
        assertTrue(decide(Set.of(2L), Map.of()).isEmpty(), "the target's node is down: wait, no error");
        decideAndApply(1);
        assertEquals(ReplicationOpState.HYDRATING, image.operations().get("m").state());
        decideAndApply(0); // its transfer runs
        long incarnation = image.collections().get("c").shard(0).transferTo(2).toIncarnation();
        apply(new MetadataRecord.AbortTransfer("c", 0, 2, incarnation, "target unreachable", now));
        assertEquals(1, image.operations().get("m").status().errors().size());
        now += 500;
        decideAndApply(0); // within the first second of backoff
        now += 600;
        decideAndApply(1);
        assertEquals(incarnation + 1 <= image.collections().get("c").shard(0).transferTo(2).toIncarnation(), true,
                "the transfer started again into a new incarnation");
    }

    @Test
    void twoCopiesFromOneSourceStartOneAfterTheOtherWithoutErrors() {
        cluster();
        apply(new MetadataRecord.CancelReplication("m", null, now));
        apply(new MetadataRecord.AddPeer(4, "http://127.0.0.1:6004"));
        apply(new MetadataRecord.RegisterReplication("a", "c", 0, 1, 2, ReplicationOpType.COPY,
                TransferMethod.SNAPSHOT, now));
        apply(new MetadataRecord.RegisterReplication("b", "c", 0, 1, 3, ReplicationOpType.COPY,
                TransferMethod.SNAPSHOT, now));
        decideAndApply(1);
        decideAndApply(0); // the second waits while the first's transfer uses the source
        assertEquals(ReplicationOpState.REGISTERED, image.operations().get("b").state());
        assertTrue(image.operations().get("b").status().errors().isEmpty());
    }

    @Test
    void aMovesSourceIsDroppedOnlyOnceEveryLiveNodeActedOnItsLeaving() {
        cluster();
        decideAndApply(1);
        var t = image.collections().get("c").shard(0).transferTo(2);
        apply(new MetadataRecord.FinishTransfer("c", 0, 2, t.toIncarnation(), image.collections().get("c").shard(0)
                .term(), now));
        long step = image.operations().get("m").stepIndex();
        assertEquals(ReplicationOpState.DEHYDRATING, image.operations().get("m").state());
        assertTrue(decide(Set.of(), Map.of(1L, step, 2L, step, 3L, step - 1)).isEmpty(),
                "node 3 still reads by an older image");
        assertEquals(1, decide(Set.of(3L), Map.of(1L, step, 2L, step)).size(), "a node that is down is not waited for");
        decideAndApply(1);
        assertEquals(ReplicationOpState.READY, image.operations().get("m").state());
    }
}
