package io.atoll.snapshot;

import io.atoll.cluster.control.CollectionController;
import io.atoll.cluster.control.ShardKeyController;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.collection.Collection;
import io.atoll.collection.CollectionRegistry;
import io.atoll.collection.ReadConsistency;
import io.atoll.error.AtollException;
import io.atoll.operation.PointsSelector;
import io.atoll.operation.PointsUpdate;
import io.atoll.operation.RoutedUpdate;
import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import io.atoll.point.ScoredPoint;
import io.atoll.point.ShardKey;
import io.atoll.point.VectorSelector;
import io.atoll.query.ScrollPage;
import io.atoll.query.ScrollQuery;
import io.atoll.routing.ShardRouter;
import io.atoll.routing.ShardSelector;
import io.atoll.schema.CollectionParams;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Recovers a collection or one shard from a snapshot archive, after it was received whole and verified: nothing is
 * changed before. The collection is created from the snapshot's configuration when it does not exist (with its
 * shard keys), a shard whose every replica was lost starts again empty here, and then the snapshot's points are
 * written through the replicated write path, in pages, so that every replica of the shard follows, writes made
 * meanwhile are ordered with them, and a recovery cut short can simply be made again. With a priority that lets
 * the snapshot win, the points it does not hold are deleted afterwards.
 *
 * <p>Why writes and not an install of the archive's index files: the files hold the source cluster's log
 * positions and versions, which mean nothing to the shard's current replicas (a replica ahead of them would keep
 * its newer versions), whereas written points are new writes every replica agrees on. The cost is indexing time.
 */
final class SnapshotRecovery {
    private static final int PAGE = 512;
    private static final int WRITERS = 4;
    private static final int DELETE_PAGE = 1000;
    /** A majority of replicas: every acknowledged point is on one of them. */
    private static final ReadConsistency MAJORITY = ReadConsistency.parse("majority");

    private final CollectionRegistry registry;
    private final CollectionController collections;
    private final ShardKeyController keys;
    private final SnapshotStore store;
    private final ExecutorService indexing;

    SnapshotRecovery(CollectionRegistry registry, CollectionController collections, ShardKeyController keys,
                     SnapshotStore store, ExecutorService indexing) {
        this.registry = registry;
        this.collections = collections;
        this.keys = keys;
        this.store = store;
        this.indexing = indexing;
    }

    /** Recovers {@code archive} into {@code collection}, or only into its shard {@code shard} when not null. */
    void recover(String collection, Integer shard, Path archive, SnapshotPriority priority, SnapshotTasks.Task task)
            throws IOException {
        Path dir = store.tmpDir().resolve("recover-" + UUID.randomUUID());
        try {
            task.stage("verifying", "bytes", java.nio.file.Files.size(archive));
            SnapshotManifest m = ArchiveReader.extract(archive, dir, task::add);
            checkKind(m, shard);
            try (SnapshotPoints points = SnapshotPoints.open(dir, m, indexing)) {
                boolean created = shard == null && !registry.exists(collection);
                Collection target = prepare(collection, shard, m);
                task.stage("writing points", "points", points.count());
                writeAll(target, points, m, priority, task);
                if (priority.replaces() && !created) {
                    task.stage("deleting points the snapshot does not hold", "points", target.count(null));
                    deleteOthers(registry.get(target.name()), shard, points, task);
                }
            }
        } finally {
            SnapshotStore.deleteRecursively(dir);
        }
    }

    private static void checkKind(SnapshotManifest m, Integer shard) {
        if (shard == null && m.kind() != SnapshotManifest.Kind.COLLECTION) {
            throw AtollException.badRequest("Bad snapshot: it is a snapshot of shard " + m.shards().getFirst().id()
                    + "; recover it with PUT /collections/{name}/shards/{id}/snapshots/recover");
        }
        if (shard != null && (m.kind() != SnapshotManifest.Kind.SHARD || m.shards().size() != 1)) {
            throw AtollException.badRequest("Bad snapshot: it is a snapshot of a whole collection; recover it with "
                    + "PUT /collections/{name}/snapshots/recover");
        }
    }

    /** The collection to write into, created (with its keys) or its lost shard started again when needed. */
    private Collection prepare(String name, Integer shard, SnapshotManifest m) {
        if (shard == null && !registry.exists(name)) {
            CollectionParams p = m.params();
            collections.create(name, p);
        }
        Collection c = registry.get(name);
        requireSameSchema(c.params(), m.params());
        if (c.params().customSharding()) {
            TreeMap<ShardKey, Integer> wanted = new TreeMap<>();
            for (SnapshotManifest.Shard s : m.shards()) {
                if (s.key() == null) {
                    throw AtollException.badRequest("Bad snapshot: shard " + s.id() + " of a collection sharded by "
                            + "key has no shard key");
                }
                wanted.merge(s.key(), 1, Integer::sum);
            }
            for (var e : wanted.entrySet()) {
                if (!c.meta().keys().contains(e.getKey())) {
                    keys.create(c.name(), new ShardKeyController.NewKey(e.getKey(), e.getValue(), null, null, null));
                }
            }
        }
        if (shard != null) {
            ShardInfo s = registry.get(name).meta().shard(shard);
            if (s == null) {
                throw AtollException.notFound("Shard " + shard + " of collection `" + c.name() + "` does not exist");
            }
            ShardKey key = m.shards().getFirst().key();
            if (!Objects.equals(key, s.key())) {
                throw AtollException.badRequest("Bad snapshot: it is of a shard of shard key " + key + ", shard "
                        + shard + " has shard key " + s.key());
            }
            if (s.replicas().isEmpty()) {
                collections.recreateLostShard(c.name(), shard);
            }
        }
        return registry.get(name);
    }

    /** The vectors (names, sizes, distances, types) and the sharding method must be the same. */
    private static void requireSameSchema(CollectionParams current, CollectionParams snapshot) {
        if (!current.vectors().equals(snapshot.vectors()) || current.namedVectors() != snapshot.namedVectors()
                || !current.sparseVectors().equals(snapshot.sparseVectors())) {
            throw AtollException.badRequest("Bad snapshot: it is of a collection with vectors " + snapshot.vectors()
                    + ", this collection has " + current.vectors());
        }
        if (current.customSharding() != snapshot.customSharding()) {
            throw AtollException.badRequest("Bad snapshot: it is of a collection sharded "
                    + (snapshot.customSharding() ? "by key" : "automatically") + ", this one is sharded "
                    + (current.customSharding() ? "by key" : "automatically"));
        }
    }

    /**
     * The shards' points written side by side, a writer per shard up to {@link #WRITERS}: each page waits for its
     * replication, so one writer leaves the indexing threads idle between pages.
     */
    private static void writeAll(Collection target, SnapshotPoints points, SnapshotManifest m,
                                 SnapshotPriority priority, SnapshotTasks.Task task) throws IOException {
        List<SnapshotManifest.Shard> shards = m.shards();
        if (shards.size() == 1) {
            write(target, points, shards.getFirst(), priority, task);
            return;
        }
        try (ExecutorService writers = Executors.newFixedThreadPool(Math.min(WRITERS, shards.size()),
                Thread.ofVirtual().name("snapshot-recovery-", 0).factory())) {
            List<Future<Void>> done = new ArrayList<>();
            for (SnapshotManifest.Shard s : shards) {
                done.add(writers.submit(() -> {
                    write(target, points, s, priority, task);
                    return null;
                }));
            }
            for (Future<Void> f : done) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AtollException.unavailable("interrupted while recovering a snapshot");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static void write(Collection target, SnapshotPoints points, SnapshotManifest.Shard s,
                              SnapshotPriority priority, SnapshotTasks.Task task) throws IOException {
        ShardSelector selector = s.key() == null ? ShardSelector.NONE : ShardSelector.of(s.key());
        PointId from = null;
        do {
            ScrollPage page = points.page(s.id(), from, PAGE);
            if (!page.points().isEmpty()) {
                List<PointStruct> batch = page.points().stream()
                        .map(p -> new PointStruct(p.id(), p.vectors(), p.payload())).toList();
                target.updateUnlimited(new RoutedUpdate(new PointsUpdate.Upsert(batch, null, priority.mode()), selector), true);
                task.add(batch.size());
            }
            from = page.nextOffset();
        } while (from != null);
    }

    /**
     * Deletes the collection's points (only those of {@code shard}, when recovering one) that the snapshot does
     * not hold, reading the collection in pages of ids.
     */
    private static void deleteOthers(Collection c, Integer shard, SnapshotPoints points, SnapshotTasks.Task task)
            throws IOException {
        CollectionMeta meta = c.meta();
        ShardKey key = shard == null ? null : meta.keyOf(shard);
        ShardSelector selector = key == null ? ShardSelector.NONE : ShardSelector.of(key);
        ShardRouter router = shard == null ? null : new ShardRouter(meta.ring(key));
        PointId from = null;
        do {
            ScrollPage page = c.scrollUnlimited(new ScrollQuery(null, from, DELETE_PAGE, PayloadSelector.NONE,
                    VectorSelector.NONE), MAJORITY, selector);
            List<PointId> ids = page.points().stream().map(ScoredPoint::id)
                    .filter(id -> router == null || router.shardOf(id) == shard).toList();
            Set<PointId> held = ids.isEmpty() ? Set.of() : points.held(ids);
            List<PointId> gone = ids.stream().filter(id -> !held.contains(id)).toList();
            if (!gone.isEmpty()) {
                c.updateUnlimited(new RoutedUpdate(new PointsUpdate.Delete(PointsSelector.ids(gone)), selector), true);
            }
            task.add(page.points().size());
            from = page.nextOffset();
        } while (from != null);
    }
}
