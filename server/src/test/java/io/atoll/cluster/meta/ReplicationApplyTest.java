package io.atoll.cluster.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * L0: replication operations in the metadata, record by record: admission (one move per replica), a cancel that
 * drops the target in the same record that stops the transfer, a move's source leaving the readers at the finish
 * and dropped by the next step, and the error budget that cancels an operation that keeps failing.
 */
class ReplicationApplyTest {
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

    /** Peers 1 to 4; collection c with one shard on 1 (primary) and 2. */
    private void cluster() {
        for (long p = 1; p <= 4; p++) {
            applied(new MetadataRecord.AddPeer(p, "http://127.0.0.1:" + (6000 + p)));
        }
        TreeMap<String, VectorParams> v = new TreeMap<>();
        v.put(PointStruct.DEFAULT_VECTOR, new VectorParams(4, Distance.DOT, null, false));
        CollectionParams params = new CollectionParams(v, false, 1, 2, 1, true, HnswConfig.DEFAULT, new TreeMap<>(),
                null, null);
        applied(new MetadataRecord.CreateCollection("c", "u", params, Map.of(0, List.of(1L, 2L))));
    }

    private ShardInfo shard() {
        return image.collections().get("c").shard(0);
    }

    private ReplicationOp op(String id) {
        return image.operations().get(id);
    }

    private MetadataRecord.RegisterReplication register(String id, long from, long to, ReplicationOpType type) {
        return new MetadataRecord.RegisterReplication(id, "c", 0, from, to, type, TransferMethod.SNAPSHOT, 100);
    }

    private void advance(String id) {
        applied(new MetadataRecord.AdvanceReplication(id, op(id).state(), 200));
    }

    @Test
    void oneMovePerReplicaButCopiesMayShareTheirSource() {
        cluster();
        assertTrue(apply(register("x", 1, 2, ReplicationOpType.COPY)).rejectedFor(Rejection.Reason.ALREADY_EXISTS),
                "the target holds a replica already");
        applied(register("m", 1, 3, ReplicationOpType.MOVE));
        assertEquals(ReplicationOpState.REGISTERED, op("m").state());
        assertTrue(apply(register("x", 1, 4, ReplicationOpType.COPY)).rejectedFor(Rejection.Reason.CONFLICT),
                "the moved replica is taken");
        assertTrue(apply(register("x", 2, 3, ReplicationOpType.COPY)).rejectedFor(Rejection.Reason.CONFLICT),
                "the target being filled is taken");
        assertTrue(apply(register("x", 3, 4, ReplicationOpType.COPY)).rejectedFor(Rejection.Reason.INVALID),
                "the source holds no replica");
        applied(register("c1", 2, 4, ReplicationOpType.COPY));
        assertEquals(2, image.operations().size());
    }

    @Test
    void aCancelDropsTheTargetInTheRecordThatStopsTheTransfer() {
        cluster();
        applied(register("m", 1, 3, ReplicationOpType.MOVE));
        advance("m");
        ShardTransfer t = shard().transferTo(3);
        assertNotNull(t, "the operation's transfer runs");
        assertEquals("m", t.operation());
        assertEquals(ReplicationOpState.HYDRATING, op("m").state());
        assertEquals(t.toIncarnation(), op("m").transferIncarnation());

        applied(new MetadataRecord.CancelReplication("m", null, 300));
        assertEquals(ReplicationOpState.CANCELLED, op("m").state());
        assertTrue(op("m").cancelRequested());
        assertFalse(shard().hasReplicaOn(3), "the target is dropped");
        assertTrue(shard().transfers().isEmpty());
        assertEquals(ReplicaState.ACTIVE, shard().state(1), "the source is untouched");
        // The driver's finish, committed after the cancel, finds nothing to finish.
        assertFalse(apply(new MetadataRecord.FinishTransfer("c", 0, 3, t.toIncarnation(), shard().term(), 400))
                .applied());
        assertTrue(apply(new MetadataRecord.CancelReplication("m", null, 300)).rejectedFor(Rejection.Reason.CONFLICT));
    }

    @Test
    void aMovesSourceLeavesTheReadersAtTheFinishAndIsDroppedByTheNextStep() {
        cluster();
        applied(register("m", 1, 3, ReplicationOpType.MOVE));
        advance("m");
        ShardTransfer t = shard().transferTo(3);
        applied(new MetadataRecord.TransferProgressed("c", 0, 3, t.toIncarnation(),
                t.checkpoint().withStage(TransferStage.WAITING_CONSENSUS), 250));
        assertEquals(ReplicationOpState.FINALIZING, op("m").state());
        assertTrue(op("m").cancelable(), "cancelable until the target is Active");

        long term = shard().term();
        applied(new MetadataRecord.FinishTransfer("c", 0, 3, t.toIncarnation(), term, 300));
        ReplicationOp m = op("m");
        assertEquals(ReplicationOpState.DEHYDRATING, m.state());
        assertTrue(m.uncancelable());
        assertEquals(index, m.stepIndex(), "the step waits for every node to act on this index");
        assertEquals(ReplicaState.ACTIVE, shard().state(3));
        assertEquals(3, shard().primary(), "the moved primary handed over to the target");
        assertEquals(term + 1, shard().term());
        assertTrue(shard().replicas().get(1L).leaving());
        assertEquals(ReplicaState.ACTIVE, shard().state(1), "the source stays in sync until it is dropped");
        assertFalse(shard().readable(1), "readers leave the source");
        assertTrue(shard().readable(3) && shard().readable(2));
        assertTrue(apply(new MetadataRecord.CancelReplication("m", null, 350)).rejectedFor(Rejection.Reason.CONFLICT));
        assertTrue(apply(new MetadataRecord.DeleteReplications(List.of("m"), false, 350))
                .rejectedFor(Rejection.Reason.CONFLICT));

        advance("m");
        assertEquals(ReplicationOpState.READY, op("m").state());
        assertFalse(shard().hasReplicaOn(1), "the source is dropped");
        assertEquals(List.of(ReplicationOpState.REGISTERED, ReplicationOpState.HYDRATING,
                ReplicationOpState.FINALIZING, ReplicationOpState.DEHYDRATING),
                op("m").history().stream().map(ReplicationOpStatus::state).toList());
        applied(new MetadataRecord.DeleteReplications(List.of("m"), false, 500));
        assertNull(op("m"));
    }

    @Test
    void aLeavingSourceStillServesWhenItIsTheOnlyReplicaLeft() {
        cluster();
        applied(register("m", 1, 3, ReplicationOpType.MOVE));
        advance("m");
        ShardTransfer t = shard().transferTo(3);
        applied(new MetadataRecord.FinishTransfer("c", 0, 3, t.toIncarnation(), shard().term(), 300));
        applied(new MetadataRecord.SetReplicaState("c", 0, 3, ReplicaState.DEAD, null));
        applied(new MetadataRecord.SetReplicaState("c", 0, 2, ReplicaState.DEAD, null));
        assertTrue(shard().readable(1), "with nothing else readable, the leaving source serves");
        advance("m");
        assertEquals(ReplicationOpState.DEHYDRATING, op("m").state(), "the source stays while the target is Dead");
        assertTrue(shard().hasReplicaOn(1));
        assertEquals(1, op("m").status().errors().size());
    }

    @Test
    void anOperationThatKeepsFailingCancelsItselfWithTheReason() {
        cluster();
        applied(register("c1", 1, 3, ReplicationOpType.COPY));
        for (int i = 0; i < ReplicationOp.MAX_ERRORS; i++) {
            advance("c1");
            ShardTransfer t = shard().transferTo(3);
            applied(new MetadataRecord.AbortTransfer("c", 0, 3, t.toIncarnation(), "disk full " + i, 1000 + i));
        }
        ReplicationOp c1 = op("c1");
        assertEquals(ReplicationOpState.CANCELLED, c1.state());
        String reason = c1.status().errors().getLast().message();
        assertTrue(reason.contains("cancelled after " + ReplicationOp.MAX_ERRORS + " errors")
                && reason.contains("disk full " + (ReplicationOp.MAX_ERRORS - 1)), reason);
        assertFalse(shard().hasReplicaOn(3), "the aborted copy's Dead target is dropped with the cancel");
    }

    @Test
    void nodeNamesAreUniqueAndDefaultToThePeerId() {
        cluster();
        assertEquals(2, image.peerNamed("2").id());
        applied(new MetadataRecord.AddPeer(3, "http://127.0.0.1:6003", "eu-west-a"));
        assertEquals(3, image.peerNamed("eu-west-a").id());
        assertNull(image.peerNamed("3"), "a named node is known by its name only");
        assertTrue(apply(new MetadataRecord.AddPeer(4, "http://127.0.0.1:6004", "eu-west-a"))
                .rejectedFor(Rejection.Reason.ALREADY_EXISTS));
        assertTrue(apply(new MetadataRecord.AddPeer(4, "http://127.0.0.1:6004", "1"))
                .rejectedFor(Rejection.Reason.ALREADY_EXISTS), "another node's default name is taken too");
        assertEquals("4", image.peers().get(4L).name());
    }

    @Test
    void aForceDeletedMoveLeavesItsSourceAnOrdinaryReplica() {
        cluster();
        applied(register("m", 1, 3, ReplicationOpType.MOVE));
        advance("m");
        ShardTransfer t = shard().transferTo(3);
        applied(new MetadataRecord.FinishTransfer("c", 0, 3, t.toIncarnation(), shard().term(), 300));
        applied(new MetadataRecord.DeleteReplications(List.of("m"), true, 400));
        assertNull(op("m"));
        assertFalse(shard().replicas().get(1L).leaving());
        assertTrue(shard().readable(1));
    }

    /**
     * A move whose target went Dead in the middle of its transfer, and which the recovery made Active again by a
     * transfer of its own: the next step finds the target in sync and goes on to drop the source (before, it
     * tried to start its transfer into an Active replica until it cancelled itself).
     */
    @Test
    void aMoveWhoseTargetTheRecoveryMadeActiveGoesOn() {
        cluster();
        applied(register("m", 1, 3, ReplicationOpType.MOVE));
        advance("m");
        ShardTransfer t = shard().transferTo(3);
        applied(new MetadataRecord.MarkReplicaDead("c", 0, 3, t.toIncarnation(), shard().term()));
        assertNull(shard().transferTo(3), "the transfer went with its target");
        applied(new MetadataRecord.StartTransfer("c", 0, 1, 3, TransferMethod.SNAPSHOT, false, true, 250));
        ShardTransfer recovery = shard().transferTo(3);
        applied(new MetadataRecord.FinishTransfer("c", 0, 3, recovery.toIncarnation(), shard().term(), 260));
        assertEquals(ReplicaState.ACTIVE, shard().state(3));
        assertEquals(ReplicationOpState.HYDRATING, op("m").state(), "the recovery's finish is not the operation's");
        advance("m");
        assertEquals(ReplicationOpState.DEHYDRATING, op("m").state());
        assertTrue(shard().replicas().get(1L).leaving(), "the source leaves the readers");
        advance("m");
        assertEquals(3, shard().primary(), "the source, still primary, first hands the shard to the target");
        assertEquals(ReplicationOpState.DEHYDRATING, op("m").state(), "and waits once more for every node");
        advance("m");
        assertEquals(ReplicationOpState.READY, op("m").state());
        assertFalse(shard().hasReplicaOn(1));
    }

    /** A move past its point of no return: the target 3 Active, the source 1 leaving. */
    private void dehydrating() {
        cluster();
        applied(register("m", 1, 3, ReplicationOpType.MOVE));
        advance("m");
        ShardTransfer t = shard().transferTo(3);
        applied(new MetadataRecord.FinishTransfer("c", 0, 3, t.toIncarnation(), shard().term(), 300));
        assertEquals(ReplicationOpState.DEHYDRATING, op("m").state());
    }

    /**
     * Found by the chaos runner (seed 44035): a move in DEHYDRATING whose shard resharding down removed stayed
     * DEHYDRATING for ever, since it cannot be cancelled and each step only noted an error. Resharding down now
     * waits for the operations on its shard (ReshardingApplyTest); should a shard go some other way (an aborted
     * resharding up takes its new shard, whose replicas operations may be filling), the move ends, saying why.
     */
    @Test
    void aMoveWhoseShardIsGoneEndsEvenPastItsPointOfNoReturn() {
        dehydrating();
        image = image.withCollection(image.collections().get("c").withoutShard(0));
        advance("m");
        assertEquals(ReplicationOpState.CANCELLED, op("m").state());
        assertTrue(op("m").status().errors().getLast().message().contains("no longer exists"));
        applied(new MetadataRecord.DeleteReplications(List.of("m"), false, 500));
        assertNull(op("m"));
    }

    @Test
    void aMoveWhoseNodeLeftEndsEvenPastItsPointOfNoReturn() {
        dehydrating();
        applied(new MetadataRecord.RemovePeer(3, true));
        advance("m");
        assertEquals(ReplicationOpState.CANCELLED, op("m").state(), "the target's node left");
        assertFalse(shard().replicas().get(1L).leaving(), "the source stays, an ordinary replica again");
        assertTrue(shard().readable(1));

        image = ClusterImage.EMPTY;
        index = 0;
        dehydrating();
        applied(new MetadataRecord.RemovePeer(1, true));
        advance("m");
        assertEquals(ReplicationOpState.READY, op("m").state(), "the source's node left: it is gone, as a move wants");
        assertTrue(shard().state(3).isInSync());

        image = ClusterImage.EMPTY;
        index = 0;
        dehydrating();
        applied(new MetadataRecord.SetReplicaState("c", 0, 3, ReplicaState.DEAD, null));
        applied(new MetadataRecord.RemovePeer(1, true));
        advance("m");
        assertEquals(ReplicationOpState.CANCELLED, op("m").state(), "the source's node left, but the target is Dead");
    }
}
