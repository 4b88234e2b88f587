package io.atoll.query;

import io.atoll.query.formula.Expression;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How one stage of a universal query scores its candidates. */
public sealed interface StageScoring {
    /**
     * Nearest neighbours of a vector, scored and ordered by the vector's distance; with {@code mmr} (null
     * without), the {@code candidatesLimit} nearest are picked from for diversity.
     */
    record Nearest(VectorInput input, Mmr mmr) implements StageScoring {
        public Nearest(VectorInput input) {
            this(input, null);
        }
    }

    /**
     * Maximal marginal relevance: {@code diversity} in [0, 1] weighs dissimilarity to the points already picked
     * against relevance to the query; {@code candidatesLimit} null means the stage's limit.
     */
    record Mmr(float diversity, Integer candidatesLimit) {
        public static final float DEFAULT_DIVERSITY = 0.5f;
        /** Qdrant's bound, so that a query cannot ask for an unbounded similarity matrix. */
        public static final int MAX_CANDIDATES = 16_384;
    }

    /**
     * Reciprocal rank fusion of the prefetches' lists: a point at 0-based position p of list i gains
     * {@code 1 / ((p + 1) / w_i + k - 1)}. {@code weights} is null when not given (every list weighs 1).
     */
    record Rrf(int k, List<Float> weights) implements StageScoring {
        /** Qdrant's default: low, so that the first positions dominate. */
        public static final int DEFAULT_K = 2;

        public Rrf {
            weights = weights == null ? null : List.copyOf(weights);
        }
    }

    /** Distribution-based score fusion: each list normalised by its mean ± 3 standard deviations, then summed. */
    record Dbsf() implements StageScoring {
    }

    /**
     * Points in the order of a numeric payload key (Qdrant's order_by, also how a scroll is ordered): from
     * {@code startFrom} (inclusive; null for the first), a point once per distinct value of the key, scored 1.0.
     */
    record OrderBy(String key, boolean descending, Double startFrom) implements StageScoring {
    }

    /** Points in random order: a uniform draw from the collection, or a shuffle of the prefetched points. */
    record Sample() implements StageScoring {
    }

    /** Qdrant's recommendation strategies. */
    enum Strategy { AVERAGE_VECTOR, BEST_SCORE, SUM_SCORES }

    /** Points like the positives and unlike the negatives. */
    record Recommend(List<VectorInput> positives, List<VectorInput> negatives, Strategy strategy)
            implements StageScoring {
        public Recommend {
            positives = List.copyOf(positives);
            negatives = List.copyOf(negatives);
        }

        @Override
        public List<VectorInput> inputs() {
            List<VectorInput> out = new ArrayList<>(positives);
            out.addAll(negatives);
            return out;
        }
    }

    /** A positive and a negative example: the space closer to the positive is the wanted side. */
    record Pair(VectorInput positive, VectorInput negative) {
    }

    /** Points near the target, ranked first by how many pairs they are on the positive side of. */
    record Discover(VectorInput target, List<Pair> pairs) implements StageScoring {
        public Discover {
            pairs = List.copyOf(pairs);
        }

        @Override
        public List<VectorInput> inputs() {
            List<VectorInput> out = new ArrayList<>(List.of(target));
            pairs.forEach(p -> out.addAll(List.of(p.positive(), p.negative())));
            return out;
        }
    }

    /** Points scored by how far they are inside the zone the pairs enclose (0 inside every pair). */
    record Context(List<Pair> pairs) implements StageScoring {
        public Context {
            pairs = List.copyOf(pairs);
        }

        @Override
        public List<VectorInput> inputs() {
            List<VectorInput> out = new ArrayList<>();
            pairs.forEach(p -> out.addAll(List.of(p.positive(), p.negative())));
            return out;
        }
    }

    /** A score formula over the prefetched points (their scores, payload values, conditions). */
    record Formula(Expression expression, Map<String, Double> defaults)
            implements StageScoring {
        public Formula {
            defaults = Map.copyOf(defaults);
        }
    }

    /** An example rated by a feedback provider. */
    record Rated(VectorInput example, float score) {
    }

    /**
     * Relevance feedback with Qdrant's naive strategy: near the target ({@code a}), and towards the better rated
     * of every two examples, by their rating difference to the power {@code b}, times {@code c}.
     */
    record Feedback(VectorInput target, List<Rated> feedback, float a, float b, float c) implements StageScoring {
        public Feedback {
            feedback = List.copyOf(feedback);
        }

        @Override
        public List<VectorInput> inputs() {
            List<VectorInput> out = new ArrayList<>(List.of(target));
            feedback.forEach(r -> out.add(r.example()));
            return out;
        }
    }

    /** The vectors this scoring names, given or stored, in a fixed order. */
    default List<VectorInput> inputs() {
        return this instanceof Nearest(VectorInput input, Mmr mmr) ? List.of(input) : List.of();
    }

    /** Whether the scoring fuses prefetch lists rather than scoring vectors. */
    default boolean fuses() {
        return this instanceof Rrf || this instanceof Dbsf;
    }
}
