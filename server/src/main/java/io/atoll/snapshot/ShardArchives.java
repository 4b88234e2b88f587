package io.atoll.snapshot;

import io.atoll.point.ShardKey;
import io.atoll.shard.ShardSnapshot;
import io.atoll.shard.engine.SnapshotFile;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.replication.LocalReplica;
import io.atoll.shard.LocalShard;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Puts a replica's point-in-time copy into an archive: its kept index commit, whose files go in as they are
 * (Lucene never rewrites a file, so they are read while writes go on), and the log position it covers.
 */
final class ShardArchives {
    private ShardArchives() {
    }

    /** The directory of shard {@code id}'s files in an archive. */
    static String prefix(int id) {
        return "shards/" + id + "/";
    }

    static long bytes(ShardSnapshot s) {
        return s.index().files().stream().mapToLong(SnapshotFile::length).sum();
    }

    /**
     * Writes a snapshot archive of one local replica to {@code target}: its manifest, then its files. Returns the
     * manifest's entry for the shard.
     */
    static SnapshotManifest.Shard writeArchive(Path target, CollectionMeta meta, LocalReplica replica,
                                               SnapshotTasks.Task task) throws IOException {
        LocalShard shard = replica.shard();
        // the files are held (FileHolds) while they are read: a drop meanwhile leaves them until the archive is done
        try (Closeable hold = replica.files().hold(); ShardSnapshot s = shard.copies().pointInTime();
             ArchiveWriter out = new ArchiveWriter(target, task::add)) {
            task.stage("writing", "bytes", bytes(s));
            SnapshotManifest.Shard entry = entry(shard.shardId(), meta.keyOf(shard.shardId()), s);
            out.add(SnapshotManifest.ENTRY, new SnapshotManifest(SnapshotManifest.FORMAT, SnapshotManifest.Kind.SHARD,
                    meta.name(), meta.params(), System.currentTimeMillis(), List.of(entry), null).toJson());
            writeFiles(out, shard.shardId(), s);
            out.finish();
            return entry;
        }
    }

    static SnapshotManifest.Shard entry(int id, ShardKey key, ShardSnapshot s) {
        return new SnapshotManifest.Shard(id, key, s.position().seq(), s.position().term(), s.index().files());
    }

    static void writeFiles(ArchiveWriter out, int id, ShardSnapshot s) throws IOException {
        for (SnapshotFile f : s.index().files()) {
            out.add(prefix(id) + f.name(), s.index().dir().resolve(f.name()), f.length());
        }
    }

}
