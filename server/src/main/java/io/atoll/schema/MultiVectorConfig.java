package io.atoll.schema;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A dense vector name that holds several vectors per point (late interaction), compared to a query's vectors by
 * the comparator. Atoll stores them beside the point and scores them exactly; they have no HNSW graph.
 */
public record MultiVectorConfig(Comparator comparator) {
    public static final MultiVectorConfig MAX_SIM = new MultiVectorConfig(Comparator.MAX_SIM);

    /** Qdrant's comparators: max_sim sums, over the query's vectors, the best similarity to the point's vectors. */
    public enum Comparator {
        MAX_SIM("max_sim");

        private final String json;

        Comparator(String json) {
            this.json = json;
        }

        @JsonValue
        public String json() {
            return json;
        }
    }
}
