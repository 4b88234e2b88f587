package io.atoll.cluster.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * L0: a proposal is applied once however many times Raft commits it. The first test replays chaos seed 9445
 * (partitions): a create, its drop, then a late copy of the create committed as a new entry.
 */
class AppliedProposalsTest {
    private static final MetadataRecord PEER = new MetadataRecord.AddPeer(1, "http://127.0.0.1:7001");
    private static final MetadataRecord CREATE = new MetadataRecord.CreateCollection("chaos-meta-2", "u1", params(),
            Map.of(0, List.of(1L)));
    private static final MetadataRecord DROP = new MetadataRecord.DropCollection("chaos-meta-2");

    private static CollectionParams params() {
        TreeMap<String, VectorParams> v = new TreeMap<>();
        v.put(PointStruct.DEFAULT_VECTOR, new VectorParams(4, Distance.COSINE, null, false));
        return new CollectionParams(v, false, 1, 1, 1, true, HnswConfig.DEFAULT, new TreeMap<>(), null, null);
    }

    @Test
    void aLateCopyOfACreateDoesNotBringBackTheDroppedCollection() {
        AppliedProposals gate = new AppliedProposals();
        ClusterImage image = gate.apply(ClusterImage.EMPTY, new Proposal("p", 0, PEER), 1).image();
        Proposal create = new Proposal("c", 1, CREATE);
        ApplyResult first = gate.apply(image, create, 2);
        assertTrue(first.applied());
        image = gate.apply(first.image(), new Proposal("d", 2, DROP), 3).image();
        assertFalse(image.collections().containsKey("chaos-meta-2"));

        ApplyResult copy = gate.apply(image, create, 4);
        assertFalse(copy.image().collections().containsKey("chaos-meta-2"), "the copy changes nothing");
        assertNull(copy.rejection(), "the copy is answered as the first was");
        assertEquals(4, copy.image().appliedIndex(), "the index still moves on");
    }

    @Test
    void anUndecodableEntryStillUsesUpItsIndex() {
        ApplyResult r = MetadataApply.undecodable(ClusterImage.EMPTY, 7);
        assertEquals(7, r.image().appliedIndex());
        assertTrue(r.rejectedFor(Rejection.Reason.UNDECODABLE));
    }

    @Test
    void aCopyOfARefusedProposalIsRefusedAlike() {
        AppliedProposals gate = new AppliedProposals();
        ApplyResult first = gate.apply(ClusterImage.EMPTY, new Proposal("d", 0, DROP), 1);
        ApplyResult copy = gate.apply(first.image(), new Proposal("d", 0, DROP), 2);
        assertEquals(first.rejection(), copy.rejection());
        assertTrue(copy.rejectedFor(Rejection.Reason.NOT_FOUND));
    }

    @Test
    void aProposalBasedOnMetadataOlderThanTheWindowIsRefusedAsStale() {
        AppliedProposals gate = new AppliedProposals();
        long index = AppliedProposals.WINDOW + 10;
        ApplyResult stale = gate.apply(ClusterImage.EMPTY, new Proposal("old", 9, PEER), index);
        assertTrue(stale.rejectedFor(Rejection.Reason.STALE_PROPOSAL));
        assertTrue(stale.image().peers().isEmpty());
        ApplyResult fresh = gate.apply(stale.image(), new Proposal("new", 11, PEER), index + 1);
        assertTrue(fresh.applied(), "a proposal based on the window's first index is applied");
    }

    @Test
    void proposalsLeaveTheWindowAndSnapshotsCarryIt() throws Exception {
        AppliedProposals gate = new AppliedProposals();
        ClusterImage image = ClusterImage.EMPTY;
        for (long i = 1; i <= 5; i++) {
            image = gate.apply(image, new Proposal("p" + i, i - 1, new MetadataRecord.AddPeer(i, "http://h:" + i)), i)
                    .image();
        }
        MetadataCodec.Snapshot snapshot = MetadataCodec.decodeSnapshot(
                MetadataCodec.encode(new MetadataCodec.Snapshot(image, gate.entries())));
        AppliedProposals restored = new AppliedProposals(snapshot.proposals());
        assertEquals(5, restored.size());
        ApplyResult copy = restored.apply(snapshot.image(), new Proposal("p3", 2, DROP), 6);
        assertEquals(image.peers(), copy.image().peers(), "a member restored from the snapshot knows the copy");

        restored.apply(copy.image(), Proposal.bare(DROP), AppliedProposals.WINDOW + 4);
        assertEquals(2, restored.size(), "entries older than the window are forgotten");
    }

    @Test
    void bareRecordsAndOldSnapshotsStillDecode() throws Exception {
        Proposal bare = MetadataCodec.decodeProposal(MetadataCodec.encode(DROP));
        assertNull(bare.id());
        assertEquals(DROP, bare.record());
        Proposal wrapped = MetadataCodec.decodeProposal(MetadataCodec.encode(new Proposal("x", 7, DROP)));
        assertEquals(new Proposal("x", 7, DROP), wrapped);
        // A record with a `type` field of its own beside Jackson's type id (a tree would keep only one of them).
        MetadataRecord register = new MetadataRecord.RegisterReplication("op", "c", 0, 1, 2, ReplicationOpType.COPY,
                TransferMethod.SNAPSHOT, 5);
        assertEquals(new Proposal("r", 3, register),
                MetadataCodec.decodeProposal(MetadataCodec.encode(new Proposal("r", 3, register))));
        assertEquals(register, MetadataCodec.decodeProposal(MetadataCodec.encode(register)).record());
        MetadataCodec.Snapshot old = MetadataCodec.decodeSnapshot(MetadataCodec.encode(ClusterImage.EMPTY));
        assertEquals(ClusterImage.EMPTY, old.image());
        assertTrue(old.proposals().isEmpty());
    }
}
