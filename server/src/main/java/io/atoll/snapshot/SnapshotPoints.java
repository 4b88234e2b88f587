package io.atoll.snapshot;

import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.ScoredPoint;
import io.atoll.point.VectorSelector;
import io.atoll.query.ScrollPage;
import io.atoll.query.ScrollQuery;
import io.atoll.shard.engine.LuceneShardEngine;
import io.atoll.shard.engine.ShardEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * The points of an unpacked, verified snapshot: each shard's index opened as it was committed (the points up to the
 * manifest's position), read in id order. Closing closes the indexes.
 */
final class SnapshotPoints implements AutoCloseable {
    private final Map<Integer, ShardEngine> shards = new LinkedHashMap<>();

    private SnapshotPoints() {
    }

    static SnapshotPoints open(Path unpacked, SnapshotManifest m, ExecutorService indexing) throws IOException {
        SnapshotPoints p = new SnapshotPoints();
        try {
            for (SnapshotManifest.Shard s : m.shards()) {
                p.shards.put(s.id(), new LuceneShardEngine(unpacked.resolve(ShardArchives.prefix(s.id())), m.params(),
                        indexing, 0));
            }
            return p;
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
    }

    long count() throws IOException {
        long n = 0;
        for (ShardEngine e : shards.values()) {
            n += e.count(null);
        }
        return n;
    }

    /** Up to {@code limit} points of shard {@code id} from {@code from} (null: the first), with all they hold. */
    ScrollPage page(int id, PointId from, int limit) throws IOException {
        return shards.get(id).scroll(new ScrollQuery(null, from, limit, PayloadSelector.ALL, VectorSelector.ALL));
    }

    /** Which of {@code ids} the snapshot holds, in any of its shards. */
    Set<PointId> held(List<PointId> ids) throws IOException {
        Set<PointId> out = new HashSet<>();
        for (ShardEngine e : shards.values()) {
            for (ScoredPoint p : e.retrieve(ids, PayloadSelector.NONE, VectorSelector.NONE)) {
                out.add(p.id());
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        List<Exception> failures = new ArrayList<>();
        for (ShardEngine e : shards.values()) {
            try {
                e.close();
            } catch (Exception x) {
                failures.add(x);
            }
        }
        if (!failures.isEmpty()) {
            throw new IOException("closing the snapshot's indexes failed: " + failures.getFirst().getMessage(),
                    failures.getFirst());
        }
    }
}
