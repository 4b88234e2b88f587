package io.atoll.snapshot;

import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.NodeMetadata;
import io.atoll.cluster.meta.PeerInfo;
import io.atoll.cluster.meta.ReplicaState;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.error.AtollException;
import io.atoll.replication.LocalReplica;
import io.atoll.replication.LocalReplicas;
import io.atoll.shard.ShardSnapshot;
import io.atoll.transport.PeerTransport;
import io.atoll.transport.PeerUnreachableException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.lucene.store.AlreadyClosedException;

/**
 * Writes collection and full snapshots. A collection snapshot holds every shard, each at one point of its own log
 * (an index commit and the position it covers), read from this node's in-sync replica when it has one and
 * otherwise from another node's (its archive streamed over the peer port). Every shard's copy is taken before the
 * archive is written, so its size is known for progress; shards are not one cut across the collection (nor are
 * they in Qdrant): each is consistent on its own.
 *
 * <p>Which replicas are in sync is read from metadata this node has first caught up with through a Raft read-index
 * round: a node cut off from the majority still sees its own replica as in sync after the majority marked it Dead
 * and went on writing, and would copy a stale shard. A write is acknowledged only once every in-sync replica holds
 * it or has been marked Dead in the metadata, so a replica still in sync after the round holds every write
 * acknowledged before the snapshot was asked for. Without a quorum the snapshot is refused as unavailable.
 */
final class SnapshotCreation {
    private final long self;
    private final LocalReplicas replicas;
    private final PeerTransport peers;
    private final NodeMetadata metadata;

    SnapshotCreation(long self, LocalReplicas replicas, PeerTransport peers, NodeMetadata metadata) {
        this.self = self;
        this.replicas = replicas;
        this.peers = peers;
        this.metadata = metadata;
    }

    /** One shard's copy: a local point-in-time snapshot, or another node's archive. */
    private sealed interface Source extends Closeable {
        SnapshotManifest.Shard entry();

        long bytes();

        void writeTo(ArchiveWriter out) throws IOException;
    }

    /** The replica's files are held (FileHolds) until the archive is written: a drop meanwhile leaves them. */
    private record Local(SnapshotManifest.Shard entry, ShardSnapshot snapshot, Closeable hold) implements Source {
        public long bytes() {
            return ShardArchives.bytes(snapshot);
        }

        public void writeTo(ArchiveWriter out) throws IOException {
            ShardArchives.writeFiles(out, entry.id(), snapshot);
        }

        public void close() throws IOException {
            try {
                snapshot.close();
            } finally {
                hold.close();
            }
        }
    }

    private record Remote(RemoteArchive archive) implements Source {
        public SnapshotManifest.Shard entry() {
            return archive.shard();
        }

        public long bytes() {
            return archive.size();
        }

        /** Copies the shard's files out of the other node's archive, as they stream in. */
        public void writeTo(ArchiveWriter out) throws IOException {
            String prefix = ShardArchives.prefix(entry().id());
            try (TarArchiveInputStream tar = new TarArchiveInputStream(archive)) {
                for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                    if (e.getName().startsWith(prefix)) {
                        out.add(e.getName(), (InputStream) tar, e.getSize());
                    }
                }
            }
        }

        public void close() {
            archive.close();
        }
    }

    /** Writes a snapshot of collection {@code name}'s every shard to {@code target}. */
    void writeCollection(String name, Path target, SnapshotTasks.Task task) throws IOException {
        metadata.sync();
        ClusterImage image = metadata.image();
        CollectionMeta meta = image.collections().get(name);
        if (meta == null) {
            throw AtollException.notFound("Collection `" + name + "` doesn't exist!");
        }
        List<Source> sources = new ArrayList<>();
        try {
            task.stage("copying shards", "shards", meta.shards().size());
            for (ShardInfo s : meta.shards().values()) {
                sources.add(source(image, meta, s));
                task.add(1);
            }
            task.stage("writing", "bytes", sources.stream().mapToLong(Source::bytes).sum());
            try (ArchiveWriter out = new ArchiveWriter(target, task::add)) {
                out.add(SnapshotManifest.ENTRY, new SnapshotManifest(SnapshotManifest.FORMAT,
                        SnapshotManifest.Kind.COLLECTION, meta.name(), meta.params(), System.currentTimeMillis(),
                        sources.stream().map(Source::entry).toList(), null).toJson());
                for (Source s : sources) {
                    s.writeTo(out);
                }
                out.finish();
            }
        } finally {
            closeAll(sources); // each one: a source left open keeps its replica's files held
        }
    }

    private static void closeAll(List<Source> sources) throws IOException {
        IOException first = null;
        for (Source s : sources) {
            try {
                s.close();
            } catch (IOException | RuntimeException e) {
                if (first == null) {
                    first = e instanceof IOException io ? io : new IOException(e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** This node's in-sync replica, else the primary's node, else any node with an in-sync replica. */
    private Source source(ClusterImage image, CollectionMeta meta, ShardInfo s) throws IOException {
        LocalReplica local = replicas.get(meta.name(), s.id());
        ReplicaState agreed = s.state(self);
        if (local != null && local.state().isInSync() && agreed != null && agreed.isInSync()) {
            Closeable hold = local.files().hold();
            try {
                ShardSnapshot snapshot = local.shard().copies().pointInTime();
                return new Local(ShardArchives.entry(s.id(), meta.keyOf(s.id()), snapshot), snapshot, hold);
            } catch (AlreadyClosedException e) {
                hold.close();
                // dropped (a move's source, a replica above the factor) or replaced by a transfer since it was
                // looked up: copy the shard from another holder, as when a remote holder refuses
            } catch (IOException | RuntimeException e) {
                hold.close();
                throw e;
            }
        }
        List<Long> holders = new ArrayList<>();
        if (s.primary() != 0) {
            holders.add(s.primary());
        }
        s.replicas().forEach((peer, r) -> {
            if (r.state().isInSync() && peer != s.primary() && peer != self) {
                holders.add(peer);
            }
        });
        Map<Long, PeerInfo> members = image.peers();
        RuntimeException last = null;
        for (long peer : holders) {
            PeerInfo p = members.get(peer);
            if (p == null) {
                continue;
            }
            try {
                return new Remote(RemoteArchive.open(peers, p.uri(), meta.name(), s.id()));
            } catch (AtollException | PeerUnreachableException e) {
                last = e; // try the next holder
            }
        }
        throw AtollException.unavailable("no replica of shard " + s.id() + " of collection `" + meta.name()
                + "` could be copied" + (last == null ? ": none is in sync (" + states(s) + ")" : ": " + last.getMessage()));
    }

    private static String states(ShardInfo s) {
        List<String> out = new ArrayList<>();
        s.replicas().forEach((peer, r) -> out.add(peer + " " + r.state().apiName()));
        return out.isEmpty() ? "no replicas" : String.join(", ", out);
    }
}
