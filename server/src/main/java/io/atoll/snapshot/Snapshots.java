package io.atoll.snapshot;

import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.NodeMetadata;
import io.atoll.collection.CollectionRegistry;
import io.atoll.error.AtollException;
import io.atoll.replication.LocalReplica;
import io.atoll.replication.LocalReplicas;
import io.atoll.transport.PeerTransport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Snapshots as the API offers them: create, list, locate for download and delete collection, shard and full
 * snapshots, and recover collections and shards from them, each creation and recovery reported in
 * {@link SnapshotTasks} while it runs. Thread-safe; snapshots of one collection may be made side by side.
 */
public final class Snapshots {
    /** The parts a recovery needs beside the snapshots themselves. */
    public record Recovery(io.atoll.cluster.control.CollectionController collections,
                           io.atoll.cluster.control.ShardKeyController keys,
                           java.util.concurrent.ExecutorService indexing) {
    }

    private final long self;
    private final SnapshotStore store;
    private final SnapshotTasks tasks;
    private final CollectionRegistry registry;
    private final LocalReplicas replicas;
    private final SnapshotCreation creation;
    private final SnapshotRecovery recovery;
    private final SnapshotSources sources;

    public Snapshots(long self, SnapshotStore store, SnapshotTasks tasks, CollectionRegistry registry,
                     LocalReplicas replicas, PeerTransport peers, NodeMetadata metadata, Recovery r) {
        this.self = self;
        this.store = store;
        this.tasks = tasks;
        this.registry = registry;
        this.replicas = replicas;
        this.creation = new SnapshotCreation(self, replicas, peers, metadata);
        this.recovery = new SnapshotRecovery(registry, r.collections(), r.keys(), store, r.indexing());
        this.sources = new SnapshotSources(store);
    }

    public SnapshotTasks tasks() {
        return tasks;
    }

    public long usedBytes() throws IOException {
        return store.usedBytes();
    }

    // ------------------------------------------------------------------ collection snapshots

    public SnapshotStore.Description createCollection(String nameOrAlias) {
        CollectionMeta meta = registry.get(nameOrAlias).meta();
        return run("create collection snapshot", meta.name(), task -> store.describe(written(
                store.collectionDir(meta.name()), meta.name() + "-" + self,
                target -> creation.writeCollection(meta.name(), target, task))));
    }

    public List<SnapshotStore.Description> listCollection(String nameOrAlias) {
        return io(() -> store.list(store.collectionDir(name(nameOrAlias))));
    }

    public Path collectionSnapshot(String nameOrAlias, String snapshot) {
        return store.existing(store.collectionDir(name(nameOrAlias)), snapshot);
    }

    public void deleteCollectionSnapshot(String nameOrAlias, String snapshot) {
        Path p = collectionSnapshot(nameOrAlias, snapshot);
        io(() -> {
            store.delete(p);
            return null;
        });
    }

    // ------------------------------------------------------------------ shard snapshots

    public SnapshotStore.Description createShard(String nameOrAlias, int shard) {
        CollectionMeta meta = registry.get(nameOrAlias).meta();
        LocalReplica r = localReplica(meta, shard);
        return run("create shard snapshot", meta.name() + "/" + shard, task -> store.describe(written(
                store.shardDir(meta.name(), shard), meta.name() + "-shard-" + shard + "-" + self,
                target -> ShardArchives.writeArchive(target, meta, r, task))));
    }

    /**
     * A snapshot of the shard made now for one download, in the temporary directory: the caller streams it and
     * deletes it.
     */
    public Path shardSnapshotNow(String nameOrAlias, int shard) {
        CollectionMeta meta = registry.get(nameOrAlias).meta();
        LocalReplica r = localReplica(meta, shard);
        return run("stream shard snapshot", meta.name() + "/" + shard, task -> written(store.tmpDir(),
                meta.name() + "-shard-" + shard + "-" + self,
                target -> ShardArchives.writeArchive(target, meta, r, task)));
    }

    /** Removes a snapshot made for one download, with its checksum, once it was sent. */
    public void discard(Path streamed) {
        io(() -> {
            store.deleteIfExists(streamed);
            return null;
        });
    }

    public List<SnapshotStore.Description> listShard(String nameOrAlias, int shard) {
        CollectionMeta meta = registry.get(nameOrAlias).meta();
        requireShard(meta, shard);
        return io(() -> store.list(store.shardDir(meta.name(), shard)));
    }

    public Path shardSnapshot(String nameOrAlias, int shard, String snapshot) {
        CollectionMeta meta = registry.get(nameOrAlias).meta();
        requireShard(meta, shard);
        return store.existing(store.shardDir(meta.name(), shard), snapshot);
    }

    public void deleteShardSnapshot(String nameOrAlias, int shard, String snapshot) {
        Path p = shardSnapshot(nameOrAlias, shard, snapshot);
        io(() -> {
            store.delete(p);
            return null;
        });
    }

    // ------------------------------------------------------------------ full snapshots

    /** Every collection's snapshot, each nested whole as {@code collections/<name>.snapshot}. */
    public SnapshotStore.Description createFull() {
        return run("create full snapshot", "node " + self, task -> store.describe(written(store.fullDir(),
                "full-snapshot-" + self, target -> writeFull(target, task))));
    }

    /** Each collection's snapshot written to a temporary file first, then nested whole into the full one. */
    private void writeFull(Path target, SnapshotTasks.Task task) throws IOException {
        List<String> names = new ArrayList<>(registry.names());
        List<Path> parts = new ArrayList<>();
        try {
            for (String name : names) {
                Path part = store.tmpFile("full-");
                Files.delete(part);
                parts.add(part);
                creation.writeCollection(name, part, task);
            }
            task.stage("writing", "bytes", parts.stream().mapToLong(SnapshotStore::sizeOf).sum());
            try (ArchiveWriter out = new ArchiveWriter(target, task::add)) {
                out.add(SnapshotManifest.ENTRY, new SnapshotManifest(SnapshotManifest.FORMAT,
                        SnapshotManifest.Kind.FULL, null, null, System.currentTimeMillis(), null, names).toJson());
                for (int i = 0; i < names.size(); i++) {
                    out.add("collections/" + names.get(i) + SnapshotStore.SUFFIX, parts.get(i),
                            Files.size(parts.get(i)));
                }
                out.finish();
            }
        } finally {
            for (Path p : parts) {
                store.deleteIfExists(p);
            }
        }
    }


    public List<SnapshotStore.Description> listFull() {
        return io(() -> store.list(store.fullDir()));
    }

    public Path fullSnapshot(String snapshot) {
        return store.existing(store.fullDir(), snapshot);
    }

    public void deleteFullSnapshot(String snapshot) {
        Path p = fullSnapshot(snapshot);
        io(() -> {
            store.delete(p);
            return null;
        });
    }

    // ------------------------------------------------------------------ recovery

    /** Recovers a collection from a snapshot at {@code location} (a URL). */
    public void recoverCollection(String collection, String location, SnapshotPriority priority, String checksum,
                                  String apiKey) {
        recover(collection, null, () -> sources.fetch(location, apiKey, checksum), priority);
    }

    /**
     * Stores an uploaded snapshot and checks it against {@code checksum} (when given), before the upload's request
     * ends; it is deleted once recovered from.
     */
    public ReceivedSnapshot receive(InputStream upload, String checksum) {
        return io(() -> sources.receive(upload, checksum));
    }

    /** Where uploads are received (Jetty keeps large multipart parts there). */
    public Path uploadDirectory() {
        return store.tmpDir();
    }

    /** Recovers a collection from an uploaded snapshot. */
    public void recoverCollection(String collection, ReceivedSnapshot upload, SnapshotPriority priority) {
        recover(collection, null, () -> upload, priority);
    }

    /**
     * Recovers one shard from a snapshot at {@code location}: a URL, or the name of one of the shard's snapshots
     * on this node.
     */
    public void recoverShard(String collection, int shard, String location, SnapshotPriority priority,
                             String checksum, String apiKey) {
        boolean url = location.contains("://");
        recover(collection, shard, () -> url ? sources.fetch(location, apiKey, checksum)
                : sources.local(shardSnapshot(collection, shard, location), checksum), priority);
    }

    public void recoverShard(String collection, int shard, ReceivedSnapshot upload, SnapshotPriority priority) {
        recover(collection, shard, () -> upload, priority);
    }

    private interface Fetch {
        ReceivedSnapshot get() throws IOException;
    }

    private void recover(String collection, Integer shard, Fetch fetch, SnapshotPriority priority) {
        String target = shard == null ? collection : collection + "/" + shard;
        run(shard == null ? "recover collection" : "recover shard", target, task -> {
            task.stage("receiving", "bytes", 0);
            ReceivedSnapshot received = fetch.get();
            try {
                if (shard != null) {
                    requireShard(registry.get(collection).meta(), shard);
                }
                recovery.recover(collection, shard, received.path(), priority, task);
            } finally {
                received.discard();
            }
            return null;
        });
    }

    // ------------------------------------------------------------------ helpers

    private interface Work<T> {
        T run(SnapshotTasks.Task task) throws IOException;
    }

    /** Runs a creation or recovery as a reported task; a failure of this node's disk is a 500 naming it. */
    private <T> T run(String kind, String target, Work<T> work) {
        SnapshotTasks.Task task = tasks.start(kind, target);
        try {
            T result = work.run(task);
            task.succeeded();
            return result;
        } catch (IOException e) {
            task.failed(e);
            throw AtollException.internal("Service internal error: " + kind + " of " + target + " failed: "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            task.failed(e);
            throw e;
        }
    }

    private interface ArchiveWork {
        void write(Path target) throws IOException;
    }

    /** Writes a new snapshot under a name reserved in {@code dir}; returns its path. */
    private static Path written(Path dir, String prefix, ArchiveWork work) throws IOException {
        Path target = SnapshotStore.reserve(dir, prefix);
        try {
            work.write(target);
            return target;
        } finally {
            SnapshotStore.unreserve(target);
        }
    }

    private interface IoWork<T> {
        T run() throws IOException;
    }

    private static <T> T io(IoWork<T> work) {
        try {
            return work.run();
        } catch (IOException e) {
            throw AtollException.internal("Service internal error: snapshot directory: " + e.getMessage(), e);
        }
    }

    private String name(String nameOrAlias) {
        return registry.get(nameOrAlias).meta().name();
    }

    private static void requireShard(CollectionMeta meta, int shard) {
        if (meta.shard(shard) == null) {
            throw AtollException.notFound("Shard " + shard + " of collection `" + meta.name() + "` does not exist");
        }
    }

    /** Shard snapshots are of this node's replica, as in Qdrant: the node holding it is asked for it. */
    private LocalReplica localReplica(CollectionMeta meta, int shard) {
        requireShard(meta, shard);
        LocalReplica r = replicas.get(meta.name(), shard);
        if (r == null || !r.state().isInSync()) {
            throw AtollException.notFound("Shard " + shard + " of collection `" + meta.name() + "` has no in-sync "
                    + "replica on this node (peer " + self + "); ask a node that holds one: "
                    + meta.shard(shard).replicas().keySet());
        }
        return r;
    }
}
