package io.atoll.shard.engine;

import io.atoll.point.PointId;
import io.atoll.storage.index.PointDocuments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * The version of every point a shard knows, deleted ones included (a delete leaves a tombstone document with its
 * version), so that an operation older than a point's version is a no-op. Only the versions written since the
 * last refresh are held here; any other is looked up in the refreshed index (the one live document of the id's
 * term, its version from doc values), as Elasticsearch's live version map fronts its index. The heap therefore
 * grows with the writes between two refreshes, not with the points.
 *
 * <p>Correct because writes and refreshes both happen under the engine's write lock: the searcher a lookup uses
 * holds every write this map has forgotten ({@link #refreshed} is called after a refresh, under that lock). A
 * write newer than {@link #highest} (every live write: seqs only grow) needs no lookup to know it is newer. Not
 * thread-safe: the engine's write lock guards it. An index that cannot be read throws {@link UncheckedIOException}.
 */
final class VersionMap {
    private static final long TOMBSTONE_BIT = Long.MIN_VALUE;
    /** What {@link #encoded} answers for an id without any document. */
    private static final long ABSENT = -1;

    private final EngineReads reads;
    /** Versions written since the last refresh, the tombstone bit set for deletes. */
    private final Map<PointId, Long> recent = new HashMap<>();
    private long highest;

    private VersionMap(EngineReads reads, long highest) {
        this.reads = reads;
        this.highest = highest;
    }

    /** The map of an opened index: nothing recent, the highest version of its live documents. */
    static VersionMap open(EngineReads reads) throws IOException {
        return new VersionMap(reads, reads.read(VersionMap::highestLive));
    }

    private static long highestLive(IndexSearcher s) throws IOException {
        long max = 0;
        for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            NumericDocValues vers = leaf.reader().getNumericDocValues(PointDocuments.versionField());
            Bits live = leaf.reader().getLiveDocs();
            if (vers == null) {
                continue;
            }
            for (int doc = vers.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = vers.nextDoc()) {
                if (live == null || live.get(doc)) {
                    max = Math.max(max, vers.longValue());
                }
            }
        }
        return max;
    }

    /** Whether an operation at {@code seq} is newer than what the point holds (always, for an unknown point). */
    boolean isNewer(PointId id, long seq) {
        if (seq > highest) {
            return true;
        }
        long v = encoded(id);
        return v == ABSENT || (v & ~TOMBSTONE_BIT) < seq;
    }

    /** Whether the point exists and is not deleted. */
    boolean isLive(PointId id) {
        long v = encoded(id);
        return v != ABSENT && (v & TOMBSTONE_BIT) == 0;
    }

    /** Whether the index holds a document for the id (a point or a tombstone). */
    boolean knows(PointId id) {
        return encoded(id) != ABSENT;
    }

    /** The version of the point's document (a tombstone's too); -1 when the index holds none. */
    long version(PointId id) {
        long v = encoded(id);
        return v == ABSENT ? -1 : v & ~TOMBSTONE_BIT;
    }

    void put(PointId id, long version, boolean deleted) {
        recent.put(id, deleted ? version | TOMBSTONE_BIT : version);
        highest = Math.max(highest, version);
    }

    /** How many versions are held since the last refresh. */
    int recentCount() {
        return recent.size();
    }

    /** The searcher now holds every write made before: forget them. Called after a refresh, under the lock. */
    void refreshed() {
        recent.clear();
    }

    /** The highest version of any point: every operation up to it is in the index. */
    long highest() {
        return highest;
    }

    private long encoded(PointId id) {
        Long v = recent.get(id);
        if (v != null) {
            return v;
        }
        try {
            return reads.read(s -> lookup(s, new BytesRef(id.key())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the version of point " + id, e);
        }
    }

    /** The id's live document (at most one: every write replaces the id's document), encoded; ABSENT if none. */
    private static long lookup(IndexSearcher s, BytesRef key) throws IOException {
        for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            LeafReader r = leaf.reader();
            PostingsEnum docs = postings(r, new Term(PointDocuments.idField(), key));
            if (docs == null) {
                continue;
            }
            Bits live = r.getLiveDocs();
            for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
                NumericDocValues vers = r.getNumericDocValues(PointDocuments.versionField());
                if ((live != null && !live.get(doc)) || vers == null || !vers.advanceExact(doc)) {
                    continue;
                }
                PostingsEnum points = postings(r, PointDocuments.liveTerm());
                boolean point = points != null && points.advance(doc) == doc;
                return point ? vers.longValue() : vers.longValue() | TOMBSTONE_BIT;
            }
        }
        return ABSENT;
    }

    private static PostingsEnum postings(LeafReader r, Term t) throws IOException {
        Terms terms = r.terms(t.field());
        if (terms == null) {
            return null;
        }
        TermsEnum te = terms.iterator();
        return te.seekExact(t.bytes()) ? te.postings(null, PostingsEnum.NONE) : null;
    }
}
