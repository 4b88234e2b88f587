package io.atoll.api.rest;

import static io.atoll.api.rest.JsonInput.formatError;
import static io.atoll.api.rest.JsonInput.validationError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.point.VectorValue;
import java.util.Set;

/**
 * One vector as Qdrant's API gives it, told apart by shape as Qdrant's untagged input is: an array of numbers is a
 * dense vector, an array of arrays a multivector, {@code {indices, values}} a sparse vector. Shapes are checked here
 * with Qdrant's texts; whether the kind fits the vector's name is the collection's check. Stateless.
 */
final class VectorValueParser {
    /** Qdrant's bound on the numbers of one multivector. */
    static final int MAX_MULTI_VALUES = 1 << 20;
    private static final long MAX_SPARSE_INDEX = 0xFFFF_FFFFL;

    private VectorValueParser() {
    }

    /**
     * The vector {@code n}; {@code field} names it in format errors, {@code path} in validation errors (Qdrant
     * writes a named vector's path with {@code ?} for its name, as {@code points[0].vector.?}).
     */
    static VectorValue value(JsonNode n, String field, String path) {
        InferenceInputs.refuse(n, field);
        if (n != null && n.isObject()) {
            return sparse((ObjectNode) n, field, path);
        }
        if (n != null && n.isArray() && !n.isEmpty() && n.get(0).isArray()) {
            return multi(n, field, path);
        }
        return VectorValue.of(JsonInput.vector(n, field));
    }

    private static VectorValue multi(JsonNode n, String field, String path) {
        float[][] vectors = new float[n.size()][];
        long total = 0;
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = JsonInput.vector(n.get(i), field + "[" + i + "]");
            total += vectors[i].length;
        }
        for (float[] v : vectors) {
            if (v.length == 0) {
                throw validationError(path + ".data: all vectors must be non-empty");
            }
            if (v.length != vectors[0].length) {
                throw validationError(path + ".data: all vectors must have the same dimension, found vector with "
                        + "dimension " + v.length);
            }
        }
        if (total >= MAX_MULTI_VALUES) {
            throw validationError(path + ".data: Total size of all vectors (" + total + ") must be less than "
                    + MAX_MULTI_VALUES);
        }
        return new VectorValue.Multi(vectors);
    }

    private static VectorValue sparse(ObjectNode o, String field, String path) {
        JsonInput.allowOnly(o, field, Set.of("indices", "values"));
        JsonNode in = JsonInput.required(o, "indices");
        if (!in.isArray()) {
            throw formatError("`" + field + ".indices` must be an array of integers, got " + JsonInput.describe(in));
        }
        int[] indices = new int[in.size()];
        for (int i = 0; i < indices.length; i++) {
            JsonNode e = in.get(i);
            if (!e.canConvertToLong() || !e.isIntegralNumber() || e.asLong() < 0 || e.asLong() > MAX_SPARSE_INDEX) {
                throw formatError("`" + field + ".indices[" + i + "]` must be an integer from 0 to " + MAX_SPARSE_INDEX
                        + ", got " + JsonInput.describe(e));
            }
            indices[i] = (int) e.asLong();
        }
        float[] values = JsonInput.vector(JsonInput.required(o, "values"), field + ".values");
        if (values.length != indices.length) {
            throw validationError(path + ".values: Validation error: must be the same length as indices [{}]");
        }
        VectorValue.Sparse s = new VectorValue.Sparse(indices, values);
        for (int i = 1; i < s.indices().length; i++) {
            if (s.indices()[i - 1] == s.indices()[i]) {
                throw validationError(path + ".indices: Validation error: must be unique [{}]");
            }
        }
        return s;
    }
}
