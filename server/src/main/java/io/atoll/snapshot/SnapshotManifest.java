package io.atoll.snapshot;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.atoll.error.AtollException;
import io.atoll.point.ShardKey;
import io.atoll.schema.CollectionParams;
import io.atoll.shard.engine.SnapshotFile;
import java.io.IOException;
import java.util.List;

/**
 * The first entry of every snapshot archive, {@code manifest.json}: what the archive holds and the format it is
 * written in. The format is documented in docs/SNAPSHOTS.md; a reader refuses a newer format rather than guess.
 * Immutable.
 *
 * @param format      the archive format's version ({@link #FORMAT})
 * @param kind        a shard's index, a collection's shards, or a node's collections
 * @param collection  the collection (null in a full snapshot)
 * @param params      the collection's configuration when the snapshot was taken (null in a full snapshot)
 * @param createdAt   when it was taken, in milliseconds since the epoch
 * @param shards      the shards it holds: one in a shard snapshot, every shard in a collection snapshot
 * @param collections a full snapshot: the collections, each as a nested collection archive
 */
public record SnapshotManifest(int format, Kind kind, String collection, CollectionParams params, long createdAt,
                               List<Shard> shards, List<String> collections) {
    /** The format this code writes and the newest it reads. */
    public static final int FORMAT = 1;
    public static final String ENTRY = "manifest.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public enum Kind { SHARD, COLLECTION, FULL }

    /**
     * One shard: its id and key, the log position its index commit covers (every write up to it, none after), and
     * its index files (each under {@code shards/<id>/} in the archive).
     */
    public record Shard(int id, ShardKey key, long seq, long term, List<SnapshotFile> files) {
        public Shard {
            files = files == null ? List.of() : List.copyOf(files);
        }
    }

    public SnapshotManifest {
        shards = shards == null ? List.of() : List.copyOf(shards);
        collections = collections == null ? List.of() : List.copyOf(collections);
    }

    public byte[] toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("a manifest always encodes", e);
        }
    }

    /** Reads a manifest, refusing a newer format or one that does not say what it holds. */
    public static SnapshotManifest fromJson(byte[] bytes) {
        SnapshotManifest m;
        try {
            m = JSON.readValue(bytes, SnapshotManifest.class);
        } catch (IOException e) {
            throw AtollException.badRequest("Bad snapshot: its manifest is not readable: " + e.getMessage());
        }
        if (m.format() > FORMAT) {
            throw AtollException.badRequest("Bad snapshot: it is in format " + m.format()
                    + ", newer than this node reads (" + FORMAT + "); recover it with a newer Atoll");
        }
        if (m.format() < 1 || m.kind() == null || (m.kind() != Kind.FULL && (m.collection() == null
                || m.params() == null))) {
            throw AtollException.badRequest("Bad snapshot: its manifest does not say what it holds");
        }
        return m;
    }
}
