package io.atoll.storage.index;

import io.atoll.point.PointId;
import io.atoll.routing.IdSlices;
import io.atoll.routing.PointHasher;
import io.atoll.routing.ShardRouter;
import java.io.IOException;
import java.util.Objects;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.ConstantScoreScorer;
import org.apache.lucene.search.ConstantScoreWeight;
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
 * Matches the documents whose point id passes a test on the id alone: a ring routing it to one shard (what keeps a
 * point that a resharding copied into a second shard from being read twice, ARCHITECTURE.md section 8), or
 * Qdrant's slice of the id space. Each id is tested once per segment (by its ordinal in the id doc values), so the
 * cost is one test per distinct id, not per query hit.
 */
final class IdQuery extends Query {
    /** A test of a point id's canonical bytes; records, so that equal tests make equal queries. */
    sealed interface IdTest {
        boolean test(BytesRef key);
    }

    record InRing(ShardRouter ring, int shard) implements IdTest {
        public boolean test(BytesRef key) {
            return ring.shardOf(PointHasher.hash(key.bytes, key.offset, key.length)) == shard;
        }
    }

    record InSlice(long total, long index) implements IdTest {
        public boolean test(BytesRef key) {
            return IdSlices.contains(PointId.fromKey(BytesRef.deepCopyOf(key).bytes), total, index);
        }
    }

    private final IdTest idTest;

    IdQuery(IdTest idTest) {
        this.idTest = idTest;
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
        return new ConstantScoreWeight(this, boost) {
            @Override
            public ScorerSupplier scorerSupplier(LeafReaderContext context) throws IOException {
                SortedDocValues ids = context.reader().getSortedDocValues(FieldNames.ID);
                if (ids == null) {
                    return null;
                }
                byte[] passed = new byte[ids.getValueCount()]; // 0 unknown, 1 passes, 2 does not
                float s = score();
                return new ScorerSupplier() {
                    @Override
                    public Scorer get(long leadCost) {
                        TwoPhaseIterator twoPhase = new TwoPhaseIterator(ids) {
                            @Override
                            public boolean matches() throws IOException {
                                int ord = ids.ordValue();
                                if (passed[ord] == 0) {
                                    passed[ord] = (byte) (idTest.test(ids.lookupOrd(ord)) ? 1 : 2);
                                }
                                return passed[ord] == 1;
                            }

                            @Override
                            public float matchCost() {
                                return 20f;
                            }
                        };
                        return new ConstantScoreScorer(s, scoreMode, twoPhase);
                    }

                    @Override
                    public long cost() {
                        return ids.cost();
                    }
                };
            }

            @Override
            public boolean isCacheable(LeafReaderContext ctx) {
                return true;
            }
        };
    }

    @Override
    public void visit(QueryVisitor visitor) {
        visitor.visitLeaf(this);
    }

    @Override
    public String toString(String field) {
        return idTest.toString();
    }

    @Override
    public boolean equals(Object other) {
        return sameClassAs(other) && idTest.equals(((IdQuery) other).idTest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(classHash(), idTest);
    }
}
