package io.atoll.storage.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.ConstantScoreScorer;
import org.apache.lucene.search.ConstantScoreWeight;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.TwoPhaseIterator;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BytesRef;

/**
 * Matches the documents of an approximation query whose stored payload passes a predicate: the two-phase
 * check behind conditions the inverted index cannot decide alone. Equality is identity (it is never cached).
 */
final class PayloadCheckQuery extends Query {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> PAYLOAD_ONLY = Set.of(FieldNames.PAYLOAD);

    private final Query approximation;
    private final Predicate<ObjectNode> check;
    private final String description;

    PayloadCheckQuery(Query approximation, Predicate<ObjectNode> check, String description) {
        this.approximation = approximation;
        this.check = check;
        this.description = description;
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) throws IOException {
        Weight inner = searcher.createWeight(searcher.rewrite(approximation), ScoreMode.COMPLETE_NO_SCORES, 1f);
        return new ConstantScoreWeight(this, boost) {
            @Override
            public ScorerSupplier scorerSupplier(LeafReaderContext context) throws IOException {
                ScorerSupplier innerSupplier = inner.scorerSupplier(context);
                if (innerSupplier == null) {
                    return null;
                }
                StoredFields stored = context.reader().storedFields();
                float s = score();
                return new ScorerSupplier() {
                    @Override
                    public Scorer get(long leadCost) throws IOException {
                        DocIdSetIterator approx = innerSupplier.get(leadCost).iterator();
                        TwoPhaseIterator twoPhase = new TwoPhaseIterator(approx) {
                            @Override
                            public boolean matches() throws IOException {
                                Document d = stored.document(approx.docID(), PAYLOAD_ONLY);
                                BytesRef bytes = d.getBinaryValue(FieldNames.PAYLOAD);
                                if (bytes == null) {
                                    return false;
                                }
                                ObjectNode payload = (ObjectNode) JSON.readTree(bytes.bytes, bytes.offset, bytes.length);
                                return check.test(payload);
                            }

                            @Override
                            public float matchCost() {
                                return 1000f;
                            }
                        };
                        return new ConstantScoreScorer(s, scoreMode, twoPhase);
                    }

                    @Override
                    public long cost() {
                        return innerSupplier.cost();
                    }
                };
            }

            @Override
            public boolean isCacheable(LeafReaderContext ctx) {
                return false;
            }
        };
    }

    @Override
    public void visit(QueryVisitor visitor) {
        visitor.visitLeaf(this);
    }

    @Override
    public String toString(String field) {
        return description;
    }

    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
