package io.atoll.shard.engine;

import io.atoll.point.VectorValue;
import io.atoll.schema.Distance;
import io.atoll.storage.index.VectorFields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.lucene.document.LateInteractionField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * Exact nearest search of sparse vectors and multivectors, which have no graph: the points that can score are found
 * through the index (those sharing a dimension with a sparse query, those holding the multivector) and each is
 * scored from its doc values, as Qdrant scores them.
 */
final class SparseAndMultiSearch {
    private SparseAndMultiSearch() {
    }

    /** A stored value's score (larger or smaller is better as the order says). */
    private interface ValueScorer {
        float score(BytesRef stored);
    }

    /**
     * The best {@code k} by dot product with {@code q}; a point sharing no dimension with it is no result, and an
     * empty query finds nothing (as in Qdrant).
     */
    static List<ShardReads.Candidate> sparse(IndexSearcher s, String terms, String values, VectorValue.Sparse q,
                                             Query filter, int k) throws IOException {
        if (q.indices().length == 0) {
            return new ArrayList<>(); // the caller sorts what it gets
        }
        Query sharing = new TermInSetQuery(terms, Arrays.stream(q.indices()).mapToObj(VectorFields::dimension)
                .toList());
        return top(s, within(sharing, filter), values, stored -> VectorFields.dot(q, stored), Distance.DOT, k);
    }

    /**
     * The best {@code k} by max_sim: for each of the query's vectors the best similarity to the point's vectors,
     * summed; then shown as Qdrant shows the distance (Euclid's the root of the summed squares, Manhattan's as is).
     */
    static List<ShardReads.Candidate> multi(IndexSearcher s, String field, float[][] q, Distance d, Query filter,
                                            int k) throws IOException {
        return top(s, within(new FieldExistsQuery(field), filter), field,
                stored -> shown(d, maxSim(d, q, LateInteractionField.decode(stored))), d, k);
    }

    static float maxSim(Distance d, float[][] query, float[][] point) {
        double sum = 0;
        for (float[] qv : query) {
            float best = Float.NEGATIVE_INFINITY;
            for (float[] pv : point) {
                best = Math.max(best, d.similarity(qv, pv));
            }
            sum += best;
        }
        return (float) sum;
    }

    /** Qdrant's score from a summed similarity: as is for dot and cosine, back to a distance for the metrics. */
    static float shown(Distance d, float similarity) {
        return switch (d) {
            case EUCLID -> (float) Math.sqrt(Math.abs(similarity));
            case MANHATTAN -> Math.abs(similarity);
            default -> similarity;
        };
    }

    private static Query within(Query candidates, Query filter) {
        return filter == null ? candidates : new BooleanQuery.Builder().add(candidates, Occur.FILTER)
                .add(filter, Occur.FILTER).build();
    }

    private static List<ShardReads.Candidate> top(IndexSearcher s, Query query, String field, ValueScorer scorer,
                                                  Distance order, int k) throws IOException {
        Comparator<ShardReads.Candidate> worstFirst = (a, b) -> order.compareBestFirst(b.score(), a.score());
        PriorityQueue<ShardReads.Candidate> top = new PriorityQueue<>(worstFirst);
        Weight w = s.createWeight(s.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
        for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            Scorer docs = w.scorer(leaf);
            BinaryDocValues values = leaf.reader().getBinaryDocValues(field);
            if (docs == null || values == null) {
                continue;
            }
            // a scorer walked by hand still yields deleted documents (replaced versions awaiting a merge)
            Bits live = leaf.reader().getLiveDocs();
            DocIdSetIterator it = docs.iterator();
            for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                if (live != null && !live.get(doc) || !values.advanceExact(doc)) {
                    continue;
                }
                top.add(new ShardReads.Candidate(leaf.docBase + doc, scorer.score(values.binaryValue())));
                if (top.size() > k) {
                    top.poll();
                }
            }
        }
        return new ArrayList<>(top);
    }
}
