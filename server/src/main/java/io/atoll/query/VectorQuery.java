package io.atoll.query;

import io.atoll.filter.Filter;
import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.VectorSelector;
import java.util.Set;

/**
 * A nearest-neighbour search on one named vector. {@code limit} counts the results wanted after skipping
 * {@code offset}; {@code hnswEf} null means the vector's ef_construct; {@code exclude} ids never appear (used when the
 * query is itself a stored point); {@code oversampling} is {@code params.quantization.oversampling} as asked (null
 * when not), held so that strict mode can bound it (Atoll searches unquantized vectors, so it changes no result).
 */
public record VectorQuery(String using, float[] vector, Filter filter, int limit, int offset, Float scoreThreshold,
                          Integer hnswEf, boolean exact, PayloadSelector withPayload, VectorSelector withVector,
                          Set<PointId> exclude, Double oversampling) {
    public VectorQuery {
        exclude = Set.copyOf(exclude);
    }

    public VectorQuery(String using, float[] vector, Filter filter, int limit, int offset, Float scoreThreshold,
                       Integer hnswEf, boolean exact, PayloadSelector withPayload, VectorSelector withVector,
                       Set<PointId> exclude) {
        this(using, vector, filter, limit, offset, scoreThreshold, hnswEf, exact, withPayload, withVector, exclude,
                null);
    }
}
