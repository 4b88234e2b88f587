package io.atoll.query;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.atoll.schema.Distance;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * How a point scores against example vectors (Qdrant's recommend with best_score or sum_scores, discover and
 * context), from Qdrant's raw similarities ({@link Distance#similarity}); a larger score is better. Scoring needs
 * every candidate's vector, so these run as a scan, not through the HNSW graph.
 */
public sealed interface ExampleScoring {
    float score(Distance d, float[] v);

    /** The same scoring with every example vector replaced by {@code f}'s result (normalised for cosine). */
    ExampleScoring map(UnaryOperator<float[]> f);

    record Pair(float[] positive, float[] negative) {
        Pair map(UnaryOperator<float[]> f) {
            return new Pair(f.apply(positive), f.apply(negative));
        }

        /** +1 when closer to the positive, -1 when closer to the negative, 0 on the boundary. */
        int rank(Distance d, float[] v) {
            return Integer.signum(Float.compare(d.similarity(positive, v), d.similarity(negative, v)));
        }
    }

    /** sig(max positive) if the best positive beats the best negative, else -sig(max negative). */
    @JsonTypeName("best_score")
    record BestScore(List<float[]> positives, List<float[]> negatives) implements ExampleScoring {
        public float score(Distance d, float[] v) {
            float pos = Float.NEGATIVE_INFINITY;
            for (float[] p : positives) {
                pos = Math.max(pos, d.similarity(p, v));
            }
            float neg = Float.NEGATIVE_INFINITY;
            for (float[] n : negatives) {
                neg = Math.max(neg, d.similarity(n, v));
            }
            return pos > neg ? scaledSigmoid(pos) : -scaledSigmoid(neg);
        }

        public ExampleScoring map(UnaryOperator<float[]> f) {
            return new BestScore(positives.stream().map(f).toList(), negatives.stream().map(f).toList());
        }
    }

    /** The similarities to the positives summed, minus those to the negatives. */
    @JsonTypeName("sum_scores")
    record SumScores(List<float[]> positives, List<float[]> negatives) implements ExampleScoring {
        public float score(Distance d, float[] v) {
            float pos = 0;
            for (float[] p : positives) {
                pos += d.similarity(p, v);
            }
            float neg = 0;
            for (float[] n : negatives) {
                neg += d.similarity(n, v);
            }
            return pos - neg;
        }

        public ExampleScoring map(UnaryOperator<float[]> f) {
            return new SumScores(positives.stream().map(f).toList(), negatives.stream().map(f).toList());
        }
    }

    /** The pairs' ranks summed (each +1, 0 or -1), plus sig(similarity to the target) to order within a rank. */
    @JsonTypeName("discover")
    record Discover(float[] target, List<Pair> pairs) implements ExampleScoring {
        public float score(Distance d, float[] v) {
            int rank = 0;
            for (Pair p : pairs) {
                rank += p.rank(d, v);
            }
            return rank + scaledSigmoid(d.similarity(target, v));
        }

        public ExampleScoring map(UnaryOperator<float[]> f) {
            return new Discover(f.apply(target), pairs.stream().map(p -> p.map(f)).toList());
        }
    }

    /**
     * The sum over pairs of sig(min(s(positive) - s(negative) - ε, 0)): 0 for points closer to every positive,
     * negative and smooth elsewhere, so that a search is drawn towards the zone the pairs enclose.
     */
    @JsonTypeName("context")
    record Context(List<Pair> pairs) implements ExampleScoring {
        public float score(Distance d, float[] v) {
            float sum = 0;
            for (Pair p : pairs) {
                float difference = d.similarity(p.positive(), v) - d.similarity(p.negative(), v) - Math.ulp(1f);
                sum += sigmoid(Math.min(difference, 0f));
            }
            return sum;
        }

        public ExampleScoring map(UnaryOperator<float[]> f) {
            return new Context(pairs.stream().map(p -> p.map(f)).toList());
        }
    }

    /** A pair of feedback examples, weighed by how much better the positive was rated than the negative. */
    record WeightedPair(float[] positive, float[] negative, float weight) {
    }

    /**
     * Relevance feedback (Qdrant's naive strategy): {@code a·s(target)} plus, for each pair of rated examples,
     * {@code weight·(s(positive) − s(negative))}.
     */
    @JsonTypeName("feedback")
    record Feedback(float[] target, float a, List<WeightedPair> pairs) implements ExampleScoring {
        public float score(Distance d, float[] v) {
            float score = a * d.similarity(target, v);
            for (WeightedPair p : pairs) {
                score += p.weight() * (d.similarity(p.positive(), v) - d.similarity(p.negative(), v));
            }
            return score;
        }

        public ExampleScoring map(UnaryOperator<float[]> f) {
            return new Feedback(f.apply(target), a, pairs.stream().map(p -> new WeightedPair(f.apply(p.positive()),
                    f.apply(p.negative()), p.weight())).toList());
        }
    }

    /** x / (1 + |x|): a sigmoid without an exponent, in (-1, 1). */
    static float sigmoid(float x) {
        return x / (1f + Math.abs(x));
    }

    /** The sigmoid scaled to (0, 1). */
    static float scaledSigmoid(float x) {
        return 0.5f * (sigmoid(x) + 1f);
    }

}
