package io.atoll.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.MetadataApply;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.Replica;
import io.atoll.cluster.meta.ReplicaId;
import io.atoll.cluster.meta.ReplicaState;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.cluster.meta.ShardTransfer;
import io.atoll.cluster.meta.TransferCheckpoint;
import io.atoll.cluster.meta.TransferMethod;
import io.atoll.error.AtollException;
import io.atoll.operation.PointsUpdate;
import io.atoll.operation.ShardOperation;
import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import io.atoll.replication.LocalReplica;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.Distance;
import io.atoll.schema.HnswConfig;
import io.atoll.schema.VectorParams;
import io.atoll.shard.LocalShard;
import io.atoll.shard.ShardSettings;
import io.atoll.testing.InMemoryNode;
import io.atoll.transfer.SnapshotReceiver;
import io.atoll.transport.proto.SnapshotInstallRequest;
import io.atoll.transport.proto.SnapshotTarget;
import io.atoll.point.VectorValue;
import java.io.Closeable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciler makes a node's replicas follow the metadata off Raft's apply thread. Each test pins a defect of
 * the code it replaced, where the collections followed the image inside Raft's apply thread.
 */
class ReconcilerTest {
    private static final long OTHER = 2;
    private static final ShardSettings SETTINGS = new ShardSettings(false, 1 << 20, 1, 0);

    @TempDir
    Path dir;

    private static CollectionParams params(int shards) {
        TreeMap<String, VectorParams> v = new TreeMap<>();
        v.put(PointStruct.DEFAULT_VECTOR, new VectorParams(2, Distance.EUCLID, null, false));
        return new CollectionParams(v, false, shards, 1, 1, true, HnswConfig.DEFAULT, new TreeMap<>(), null, null);
    }

    private static PointsUpdate.Upsert point(long id) {
        return new PointsUpdate.Upsert(List.of(new PointStruct(PointId.of(id), VectorValue.dense(Map.of("",
                new float[]{id, 1})),
                JsonNodeFactory.instance.objectNode())));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.sleep(20);
        }
    }

    private static ReplicaId localId(ClusterImage image, String collection, int shard) {
        CollectionMeta c = image.collections().get(collection);
        return new ReplicaId(collection, c.uuid(), shard, c.shard(shard).replicas().get(InMemoryNode.SELF).incarnation());
    }

    /** A shard held here as a replica of {@code OTHER}'s primary, with one record applied as that primary sent it. */
    private static ClusterImage withFollowerReplica(InMemoryNode node) {
        node.apply(new MetadataRecord.AddPeer(OTHER, "http://127.0.0.1:2"));
        node.apply(new MetadataRecord.CreateCollection("c", "u", params(1), Map.of(0, List.of(OTHER, InMemoryNode.SELF))));
        LocalShard shard = node.replicas().require("c", 0).shard();
        shard.applyReplicated(1, 1, new ShardOperation.Upsert(point(7).points()));
        assertEquals(1, shard.lastSeq());
        return node.image();
    }

    /** Found in review: a replica that failed to open was logged and never tried again. */
    @Test
    void aReplicaThatFailsToOpenIsOpenedOnceItCan() throws Exception {
        AtomicInteger failures = new AtomicInteger();
        ReplicaOpener flaky = (id, d, p) -> {
            if (failures.incrementAndGet() <= 2) {
                throw new java.io.IOException("disk not ready (attempt " + failures.get() + ")");
            }
            return ReplicaOpener.of(SETTINGS, null).open(id, d, p);
        };
        try (InMemoryNode node = new InMemoryNode(dir, flaky)) {
            var c = node.create("c", params(1));
            AtollException missing = assertThrows(AtollException.class, () -> c.update(point(1), true));
            assertTrue(missing.getMessage().contains("failed to open: disk not ready"), missing.getMessage());
            await("the replica opened", () -> node.replicas().get("c", 0) != null);
            c.update(point(1), true);
            assertEquals(1, c.count(io.atoll.filter.Filter.EMPTY));
            assertEquals(3, failures.get());
        }
    }

    /** Found in review: opening a replica (WAL replay, index open) ran on Raft's apply thread and held it up. */
    @Test
    void aSlowOpenHoldsUpNeitherTheHandOverOfImagesNorOtherReplicas() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch opening = new CountDownLatch(1);
        ReplicaOpener slowForA = (id, d, p) -> {
            if (id.collection().equals("a")) {
                opening.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new java.io.IOException(e);
                }
            }
            return ReplicaOpener.of(SETTINGS, null).open(id, d, p);
        };
        try (InMemoryNode node = new InMemoryNode(dir, slowForA)) {
            ClusterImage start = node.image();
            ClusterImage withA = MetadataApply.apply(start, new MetadataRecord.CreateCollection("a", "ua", params(1),
                    Map.of(0, List.of(InMemoryNode.SELF))), start.appliedIndex() + 1).image();
            ClusterImage withB = MetadataApply.apply(withA, new MetadataRecord.CreateCollection("b", "ub", params(1),
                    Map.of(0, List.of(InMemoryNode.SELF))), withA.appliedIndex() + 1).image();
            node.reconciler().offer(withA);
            assertTrue(opening.await(30, TimeUnit.SECONDS));
            // Raft's apply thread hands images over and goes on, whatever the reconciler is doing.
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> node.reconciler().offer(withB));
            assertFalse(node.reconciler().awaitActed(withA.appliedIndex(), Duration.ofMillis(50)));
            release.countDown();
            assertTrue(node.reconciler().awaitActed(withB.appliedIndex(), Duration.ofSeconds(30)));
            assertNotNull(node.replicas().get("a", 0));
            assertNotNull(node.replicas().get("b", 0));
        }
    }

    /** Found in review: a shard that left the image (as scaling down will make happen) was never closed. */
    @Test
    void aShardThatLeavesTheImageIsClosedAndItsFilesDeleted() throws Exception {
        try (InMemoryNode node = new InMemoryNode(dir, SETTINGS)) {
            node.create("c", params(2));
            ClusterImage image = node.image();
            LocalReplica gone = node.replicas().require("c", 1);
            Path files = new ReplicaDirectories(dir).of(gone.id());
            assertTrue(Files.isDirectory(files));
            CollectionMeta c = image.collections().get("c");
            TreeMap<Integer, ShardInfo> shards = new TreeMap<>(c.shards());
            shards.remove(1);
            node.follow(new ClusterImage(image.appliedIndex() + 1, image.peers(),
                    new TreeMap<>(Map.of("c", new CollectionMeta("c", c.uuid(), c.params(), shards))), image.aliases()));
            assertNull(node.replicas().get("c", 1));
            assertNotNull(node.replicas().get("c", 0));
            assertFalse(Files.exists(files));
            assertThrows(org.apache.lucene.store.AlreadyClosedException.class, () -> gone.shard().engine().stats());
        }
    }

    /** Found in review: a replica removed and added again on the same peer reopened the old one's files. */
    @Test
    void aReplicaAddedAgainOnTheSamePeerStartsFromNewFiles() throws Exception {
        try (InMemoryNode node = new InMemoryNode(dir, SETTINGS)) {
            ClusterImage before = withFollowerReplica(node);
            Path old = new ReplicaDirectories(dir).of(localId(before, "c", 0));
            node.apply(new MetadataRecord.RemoveReplica("c", 0, InMemoryNode.SELF));
            node.apply(new MetadataRecord.AddReplica("c", 0, InMemoryNode.SELF, ReplicaState.DEAD));
            LocalReplica again = node.replicas().require("c", 0);
            assertEquals(0, again.shard().lastSeq(), "a new incarnation holds nothing it did not receive");
            assertFalse(Files.exists(old));
            assertTrue(Files.isDirectory(new ReplicaDirectories(dir).of(again.id())));
        }
    }

    /**
     * Found in review: a replica moved away and back while its node was down came back on the files it had left,
     * as if they held what its shard held meanwhile.
     */
    @Test
    void aReplicaMovedAwayAndBackWhileItsNodeWasDownNeverReusesItsOldFiles() throws Exception {
        ClusterImage before;
        try (InMemoryNode node = new InMemoryNode(dir, SETTINGS)) {
            before = withFollowerReplica(node);
        }
        Path old = new ReplicaDirectories(dir).of(localId(before, "c", 0));
        ClusterImage moved = MetadataApply.apply(before, new MetadataRecord.RemoveReplica("c", 0, InMemoryNode.SELF),
                before.appliedIndex() + 1).image();
        ClusterImage back = MetadataApply.apply(moved, new MetadataRecord.AddReplica("c", 0, InMemoryNode.SELF,
                ReplicaState.DEAD), moved.appliedIndex() + 1).image();
        try (InMemoryNode node = new InMemoryNode(dir, SETTINGS, back)) {
            assertEquals(0, node.replicas().require("c", 0).shard().lastSeq());
            assertTrue(Files.exists(old), "left alone until the node knows it caught up");
            node.reconciler().sweepLeftovers();
            await("the old incarnation's files are deleted", () -> !Files.exists(old));
            assertTrue(Files.isDirectory(new ReplicaDirectories(dir).of(localId(back, "c", 0))));
        }
    }

    /** The node's receiver of snapshot transfers, as a node wires it. */
    private SnapshotReceiver receiver(InMemoryNode node) {
        return new SnapshotReceiver(InMemoryNode.SELF, node.metadata(), node.replicas(),
                new ReplicaDirectories(dir)::of);
    }

    /** The image with the shard's replica here awaiting a snapshot install into the same incarnation. */
    private static ClusterImage awaitingInstall(ClusterImage image, ReplicaId id) {
        CollectionMeta c = image.collections().get("c");
        ShardInfo was = c.shard(0);
        TreeMap<Long, Replica> replicas = new TreeMap<>(was.replicas());
        replicas.put(InMemoryNode.SELF, new Replica(id.incarnation(), TransferMethod.SNAPSHOT.targetState()));
        ShardInfo s = new ShardInfo(0, replicas, was.primary(), was.term(), new TreeMap<>(Map.of(
                InMemoryNode.SELF, new ShardTransfer(0, OTHER, InMemoryNode.SELF, id.incarnation(),
                        TransferMethod.SNAPSHOT, false, false, 0, TransferCheckpoint.START, null))), was.key());
        return new ClusterImage(image.appliedIndex() + 1, image.peers(), new TreeMap<>(Map.of("c",
                new CollectionMeta("c", c.uuid(), c.params(), new TreeMap<>(Map.of(0, s))))), image.aliases());
    }

    /**
     * Found in review: a replica closed while a snapshot archive read its files (for a snapshot install, to be
     * reopened after a storage failure, or dropped) had them changed under the archive by the next opening, the
     * install or the deletion.
     */
    @Test
    void filesASnapshotArchiveReadsAreNeitherOpenedNorDeletedUntilItLetsGo() throws Exception {
        try (InMemoryNode node = new InMemoryNode(dir, SETTINGS)) {
            ClusterImage before = withFollowerReplica(node);
            ReplicaId id = localId(before, "c", 0);
            Closeable archive = node.replicas().require("c", 0).files().hold();

            node.follow(awaitingInstall(before, id));
            assertNull(node.replicas().get("c", 0), "closed for the install");
            assertTrue(node.replicas().filesHeld(id), "which waits for the archive");
            AtollException install = assertThrows(AtollException.class, () -> receiver(node).install(
                    SnapshotInstallRequest.newBuilder().setTarget(SnapshotTarget.newBuilder().setCollection("c")
                            .setShard(0).setIncarnation(id.incarnation()).setMetadataIndex(node.image().appliedIndex()))
                            .setSeq(1).setTerm(1).build()));
            assertEquals(AtollException.Kind.UNAVAILABLE, install.kind(), install.getMessage());
            assertTrue(install.getMessage().contains("a snapshot archive still reads the files"), install.getMessage());
            // No install after all: the replica opens again, but not on files an archive reads.
            node.follow(new ClusterImage(before.appliedIndex() + 2, before.peers(), before.collections(),
                    before.aliases()));
            assertNull(node.replicas().get("c", 0));
            AtollException held = assertThrows(AtollException.class, () -> node.replicas().require("c", 0));
            assertTrue(held.getMessage().contains("a snapshot archive still reads its files"), held.getMessage());
            archive.close();
            await("the replica opened once the archive let go", () -> node.replicas().get("c", 0) != null);
            assertFalse(node.replicas().filesHeld(id));
            assertEquals(1, node.replicas().require("c", 0).shard().lastSeq(), "on its own files");

            // Dropped while held: the files go when the archive lets go.
            Path files = new ReplicaDirectories(dir).of(id);
            Closeable again = node.replicas().require("c", 0).files().hold();
            node.apply(new MetadataRecord.RemoveReplica("c", 0, InMemoryNode.SELF, 0));
            assertNull(node.replicas().get("c", 0));
            assertTrue(Files.isDirectory(files), "kept while the archive reads them");
            again.close();
            await("the dropped replica's files are deleted", () -> !Files.exists(files));
        }
    }
}
