package io.atoll.storage.index;

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
 * Matches the documents whose point id a ring routes to one shard: what keeps a point that a resharding copied
 * into a second shard from being read twice (ARCHITECTURE.md section 8). Each id is hashed once per segment (by
 * its ordinal in the id doc values), so the cost is one hash per distinct id, not per query hit.
 */
final class RingQuery extends Query {
    private final ShardRouter ring;
    private final int shard;

    RingQuery(ShardRouter ring, int shard) {
        this.ring = ring;
        this.shard = shard;
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
                byte[] routed = new byte[ids.getValueCount()]; // 0 unknown, 1 on the shard, 2 elsewhere
                float s = score();
                return new ScorerSupplier() {
                    @Override
                    public Scorer get(long leadCost) {
                        TwoPhaseIterator twoPhase = new TwoPhaseIterator(ids) {
                            @Override
                            public boolean matches() throws IOException {
                                int ord = ids.ordValue();
                                if (routed[ord] == 0) {
                                    BytesRef key = ids.lookupOrd(ord);
                                    long hash = PointHasher.hash(key.bytes, key.offset, key.length);
                                    routed[ord] = (byte) (ring.shardOf(hash) == shard ? 1 : 2);
                                }
                                return routed[ord] == 1;
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
        return "in_ring(" + ring.ring() + " -> " + shard + ")";
    }

    @Override
    public boolean equals(Object other) {
        return sameClassAs(other) && ring.equals(((RingQuery) other).ring) && shard == ((RingQuery) other).shard;
    }

    @Override
    public int hashCode() {
        return Objects.hash(classHash(), ring, shard);
    }
}
