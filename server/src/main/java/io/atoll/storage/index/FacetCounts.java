package io.atoll.storage.index;

import io.atoll.point.PayloadPaths;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PointValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BitSet;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;
import org.apache.lucene.util.NumericUtils;

/**
 * Counts the points holding each value of a payload field, among those a filter admits: a point counts once per
 * distinct value it holds. Keywords (and uuids) and booleans are read from their terms' postings, integers from
 * their points (BKD) tree; nothing but the indexes filters already use is needed. Stateless.
 */
public final class FacetCounts {
    /** Which of a field's indexes holds the values to count. */
    public enum Kind { KEYWORD, INTEGER, BOOL }

    private FacetCounts() {
    }

    /** Value (String, Long or Boolean) to count, over every segment of {@code s}. */
    public static Map<Object, Long> count(IndexSearcher s, Query filter, String key, Kind kind) throws IOException {
        String canonical = PayloadPaths.canonical(key);
        String path = canonical == null ? key : canonical;
        Weight w = s.createWeight(s.rewrite(filter), ScoreMode.COMPLETE_NO_SCORES, 1f);
        Map<Object, Long> counts = new HashMap<>();
        for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            BitSet admitted = admitted(w, leaf);
            if (admitted == null) {
                continue;
            }
            switch (kind) {
                case KEYWORD -> terms(leaf, FieldNames.keyword(path), admitted, counts, t -> t);
                case BOOL -> terms(leaf, FieldNames.bool(path), admitted, counts, Boolean::valueOf);
                case INTEGER -> integers(leaf, FieldNames.integer(path), admitted, counts);
            }
        }
        return counts;
    }

    /** The live documents of the leaf the filter admits, null when none. */
    static BitSet admitted(Weight w, LeafReaderContext leaf) throws IOException {
        Scorer scorer = w.scorer(leaf);
        if (scorer == null) {
            return null;
        }
        FixedBitSet bits = new FixedBitSet(leaf.reader().maxDoc());
        Bits live = leaf.reader().getLiveDocs();
        DocIdSetIterator it = scorer.iterator();
        for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
            // a scorer walked by hand still yields deleted documents (replaced versions awaiting a merge)
            if (live == null || live.get(doc)) {
                bits.set(doc);
            }
        }
        return bits;
    }

    private interface TermValue {
        Object of(String term);
    }

    private static void terms(LeafReaderContext leaf, String field, BitSet admitted, Map<Object, Long> counts,
                              TermValue value) throws IOException {
        Terms terms = leaf.reader().terms(field);
        if (terms == null) {
            return;
        }
        TermsEnum te = terms.iterator();
        PostingsEnum postings = null;
        for (BytesRef term = te.next(); term != null; term = te.next()) {
            postings = te.postings(postings, PostingsEnum.NONE);
            long n = 0;
            for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
                if (admitted.get(doc)) {
                    n++;
                }
            }
            if (n > 0) {
                counts.merge(value.of(term.utf8ToString()), n, Long::sum);
            }
        }
    }

    /** Every (document, value) pair of the admitted documents, each distinct pair counted once. */
    private static void integers(LeafReaderContext leaf, String field, BitSet admitted, Map<Object, Long> counts)
            throws IOException {
        PointValues points = leaf.reader().getPointValues(field);
        if (points == null) {
            return;
        }
        Map<Long, Set<Integer>> docsByValue = new HashMap<>();
        points.intersect(new PointValues.IntersectVisitor() {
            @Override
            public void visit(int docID) {
                throw new IllegalStateException("every cell is reported as crossing, so each value is visited");
            }

            @Override
            public void visit(int docID, byte[] packedValue) {
                if (admitted.get(docID)) {
                    docsByValue.computeIfAbsent(NumericUtils.sortableBytesToLong(packedValue, 0),
                            v -> new HashSet<>()).add(docID);
                }
            }

            @Override
            public PointValues.Relation compare(byte[] min, byte[] max) {
                return PointValues.Relation.CELL_CROSSES_QUERY;
            }
        });
        docsByValue.forEach((v, docs) -> counts.merge(v, (long) docs.size(), Long::sum));
    }
}
