package io.atoll.query;

import java.util.List;

/** How one stage of a universal query scores its candidates. */
public sealed interface StageScoring {
    /** Nearest neighbours of a vector, scored and ordered by the vector's distance. */
    record Nearest(VectorInput input) implements StageScoring {
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
}
