package io.atoll.query;

import io.atoll.filter.Filter;
import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.VectorSelector;
import java.util.Set;

/**
 * A nearest-neighbour search on one named vector. {@code limit} counts the results wanted after skipping
 * {@code offset}; {@code hnswEf} null means the vector's ef_construct; {@code exclude} ids never appear (used when the
 * query is itself a stored point); {@code quantization} is {@code params.quantization} as asked (null when not).
 */
public record VectorQuery(String using, float[] vector, Filter filter, int limit, int offset, Float scoreThreshold,
                          Integer hnswEf, boolean exact, PayloadSelector withPayload, VectorSelector withVector,
                          Set<PointId> exclude, QuantizationHints quantization, Double acornMaxSelectivity) {
    public VectorQuery {
        exclude = Set.copyOf(exclude);
    }

    /** {@code params.quantization.oversampling} as asked, null when not (strict mode bounds it). */
    public Double oversampling() {
        return quantization == null ? null : quantization.oversampling();
    }
}
