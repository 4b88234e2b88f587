package io.atoll.query;

import io.atoll.point.PointId;
import io.atoll.point.VectorValue;

/** The vector a query scores with: given in the request, or the stored vector of a point. */
public sealed interface VectorInput {
    /** A vector of any kind (dense, sparse or multi); only nearest queries take sparse and multivectors yet. */
    record Given(VectorValue vector) implements VectorInput {
        public Given(float[] dense) {
            this(VectorValue.of(dense));
        }
    }

    /** A stored point's vector, read from the searched collection or from {@code lookup_from}'s. */
    record Stored(PointId id) implements VectorInput {
    }
}
