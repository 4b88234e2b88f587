package io.atoll.cluster.meta;

import static io.atoll.cluster.meta.ReplicaTransitionsTest.applied;
import static io.atoll.cluster.meta.ReplicaTransitionsTest.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an image change means for one node's replicas. */
class NodeChangesTest {
    private static final long SELF = 1;

    private static ClusterImage then(ClusterImage image, MetadataRecord r) {
        ApplyResult result = MetadataApply.apply(image, r, image.appliedIndex() + 1);
        assertTrue(result.applied(), r + ": " + result.rejection());
        return result.image();
    }

    private static ClusterImage cluster() {
        return applied(new MetadataRecord.AddPeer(1, "http://a:1"), new MetadataRecord.AddPeer(2, "http://b:1"),
                new MetadataRecord.CreateCollection("c", "u1", params(2), Map.of(0, List.of(1L, 2L), 1, List.of(2L))));
    }

    private static ReplicaId id(ClusterImage image, String collection, int shard) {
        CollectionMeta c = image.collections().get(collection);
        return new ReplicaId(collection, c.uuid(), shard, c.shard(shard).replicas().get(SELF).incarnation());
    }

    @Test
    void atStartEveryReplicaOnTheNodeOpens() {
        ClusterImage image = cluster();
        NodeChanges ch = NodeChanges.between(ClusterImage.EMPTY, image, SELF);
        assertEquals(List.of(id(image, "c", 0)), ch.open());
        assertEquals(List.of(id(image, "c", 0)), ch.primaryGained());
        assertTrue(ch.drop().isEmpty() && ch.follow().isEmpty());
    }

    @Test
    void aReplicaAddedAgainIsDroppedAndOpenedAsANewIncarnation() {
        ClusterImage before = cluster();
        ClusterImage removed = then(before, new MetadataRecord.RemoveReplica("c", 0, SELF));
        ClusterImage after = then(removed, new MetadataRecord.AddReplica("c", 0, SELF, ReplicaState.DEAD));
        NodeChanges ch = NodeChanges.between(before, after, SELF);
        assertEquals(List.of(id(before, "c", 0)), ch.drop());
        assertEquals(List.of(id(after, "c", 0)), ch.open());
        assertEquals(List.of(id(before, "c", 0)), ch.primaryLost());
    }

    @Test
    void aCollectionCreatedAgainUnderItsNameIsAnotherOne() {
        ClusterImage before = cluster();
        ClusterImage after = then(then(before, new MetadataRecord.DropCollection("c")),
                new MetadataRecord.CreateCollection("c", "u2", params(1), Map.of(0, List.of(1L))));
        NodeChanges ch = NodeChanges.between(before, after, SELF);
        assertEquals(List.of(id(before, "c", 0)), ch.drop());
        assertEquals(List.of(id(after, "c", 0)), ch.open());
    }

    @Test
    void aKeptReplicaFollowsChangesOfItsShardItsParamsAndThePeers() {
        ClusterImage before = cluster();
        ClusterImage demoted = then(before, new MetadataRecord.ElectPrimary("c", 0, 2, 5));
        NodeChanges ch = NodeChanges.between(before, demoted, SELF);
        assertEquals(List.of(id(before, "c", 0)), ch.follow());
        assertEquals(List.of(id(before, "c", 0)), ch.primaryLost());

        ClusterImage params = then(before, new MetadataRecord.UpdateCollectionParams("c", params(2), params(2)
                .withoutPayloadIndex("x").withUpdate(2, 2, true, params(2).hnsw(), params(2).vectors(), null, null, null)));
        assertEquals(List.of(id(before, "c", 0)), NodeChanges.between(before, params, SELF).follow());

        ClusterImage peers = then(before, new MetadataRecord.AddPeer(3, "http://c:1"));
        assertEquals(List.of(id(before, "c", 0)), NodeChanges.between(before, peers, SELF).follow());

        ClusterImage elsewhere = then(before, new MetadataRecord.SetReplicaState("c", 1, 2, ReplicaState.ACTIVE, null));
        assertTrue(NodeChanges.between(before, elsewhere, SELF).isEmpty(), "a change of another node's shard only");
    }
}
