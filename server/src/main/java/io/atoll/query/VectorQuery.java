package io.atoll.query;

import io.atoll.filter.Filter;
import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.VectorSelector;
import io.atoll.point.VectorValue;
import java.util.Set;

/**
 * A nearest-neighbour search on one named vector. {@code limit} counts the results wanted after skipping
 * {@code offset}; {@code hnswEf} null means the vector's ef_construct; {@code exclude} ids never appear (used when the
 * query is itself a stored point); {@code quantization} is {@code params.quantization} as asked (null when not). The
 * vector is of the named vector's kind: dense, sparse (scored by dot product) or multi (scored by max_sim); a dense
 * query is written on the wire as before sparse and multivectors existed.
 */
public record VectorQuery(String using, VectorValue vector, Filter filter, int limit, int offset, Float scoreThreshold,
                          Integer hnswEf, boolean exact, PayloadSelector withPayload, VectorSelector withVector,
                          Set<PointId> exclude, QuantizationHints quantization, Double acornMaxSelectivity) {
    public VectorQuery {
        exclude = Set.copyOf(exclude);
    }

    public VectorQuery(String using, float[] vector, Filter filter, int limit, int offset, Float scoreThreshold,
                       Integer hnswEf, boolean exact, PayloadSelector withPayload, VectorSelector withVector,
                       Set<PointId> exclude, QuantizationHints quantization, Double acornMaxSelectivity) {
        this(using, VectorValue.of(vector), filter, limit, offset, scoreThreshold, hnswEf, exact, withPayload,
                withVector, exclude, quantization, acornMaxSelectivity);
    }

    /** The dense query vector (a search of a dense vector's HNSW graph). */
    public float[] dense() {
        return vector.asDense();
    }

    /** The same query with another vector (the collection's check of it: normalized, or weighted by IDF). */
    public VectorQuery withVector(VectorValue v) {
        return new VectorQuery(using, v, filter, limit, offset, scoreThreshold, hnswEf, exact, withPayload,
                withVector, exclude, quantization, acornMaxSelectivity);
    }

    /** {@code params.quantization.oversampling} as asked, null when not (strict mode bounds it). */
    public Double oversampling() {
        return quantization == null ? null : quantization.oversampling();
    }
}
