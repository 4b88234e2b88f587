package io.atoll.shard.engine;

import io.atoll.point.PointId;
import io.atoll.storage.index.PointDocuments;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;

/**
 * The version of every point a shard knows, deleted ones included (a delete leaves a tombstone with its version),
 * so that an operation older than a point's version is a no-op without a look at the index. Not thread-safe: the
 * engine's write lock guards it.
 */
final class VersionMap {
    private static final long TOMBSTONE_BIT = Long.MIN_VALUE;

    private final Map<PointId, Long> versions = new HashMap<>();

    /** The versions of the live documents of an index, as an opened engine starts from. */
    static VersionMap load(IndexSearcher s) throws IOException {
        VersionMap map = new VersionMap();
        for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            SortedDocValues ids = leaf.reader().getSortedDocValues(PointDocuments.idField());
            NumericDocValues vers = leaf.reader().getNumericDocValues(PointDocuments.versionField());
            if (ids == null || vers == null) {
                continue;
            }
            FixedBitSet points = points(s, leaf);
            var liveBits = leaf.reader().getLiveDocs();
            for (int doc = ids.nextDoc(); doc != SortedDocValues.NO_MORE_DOCS; doc = ids.nextDoc()) {
                if (liveBits != null && !liveBits.get(doc)) {
                    continue;
                }
                vers.advanceExact(doc);
                PointId id = PointId.fromKey(BytesRef.deepCopyOf(ids.lookupOrd(ids.ordValue())).bytes);
                map.put(id, vers.longValue(), !points.get(doc));
            }
        }
        return map;
    }

    /** The documents of a segment that are points, not tombstones. */
    private static FixedBitSet points(IndexSearcher s, LeafReaderContext leaf) throws IOException {
        FixedBitSet out = new FixedBitSet(leaf.reader().maxDoc());
        Weight w = s.createWeight(s.rewrite(PointDocuments.liveQuery()), ScoreMode.COMPLETE_NO_SCORES, 1f);
        Scorer scorer = w.scorer(leaf);
        if (scorer != null) {
            DocIdSetIterator it = scorer.iterator();
            for (int d = it.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = it.nextDoc()) {
                out.set(d);
            }
        }
        return out;
    }

    /** Whether an operation at {@code seq} is newer than what the point holds (always, for an unknown point). */
    boolean isNewer(PointId id, long seq) {
        Long v = versions.get(id);
        return v == null || (v & ~TOMBSTONE_BIT) < seq;
    }

    /** Whether the point exists and is not deleted. */
    boolean isLive(PointId id) {
        Long v = versions.get(id);
        return v != null && (v & TOMBSTONE_BIT) == 0;
    }

    /** Whether the index holds a document for the id (a point or a tombstone). */
    boolean knows(PointId id) {
        return versions.containsKey(id);
    }

    /** The version of the point's document (a tombstone's too); -1 when the index holds none. */
    long version(PointId id) {
        Long v = versions.get(id);
        return v == null ? -1 : v & ~TOMBSTONE_BIT;
    }

    void put(PointId id, long version, boolean deleted) {
        versions.put(id, deleted ? version | TOMBSTONE_BIT : version);
    }
}
