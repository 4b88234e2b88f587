package io.atoll.query;

import io.atoll.point.PointId;

/** The vector a query scores with: given in the request, or the stored vector of a point. */
public sealed interface VectorInput {
    record Given(float[] vector) implements VectorInput {
    }

    /** A stored point's vector, read from the searched collection or from {@code lookup_from}'s. */
    record Stored(PointId id) implements VectorInput {
    }
}
