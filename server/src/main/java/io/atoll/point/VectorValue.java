package io.atoll.point;

import io.atoll.error.AtollException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The value of one of a point's named vectors: a dense vector, a sparse vector (weights at a few of 2^32 unsigned
 * dimensions) or a multivector (several dense vectors of one dimension, compared by late interaction). Immutable by
 * convention: no holder changes the arrays after construction. On the wire a dense value is exactly the float
 * array older builds wrote (see the codec), so records logged before sparse and multivectors existed still read.
 */
public sealed interface VectorValue permits VectorValue.Dense, VectorValue.Sparse, VectorValue.Multi {

    /** The values of a dense vector; a sparse or multivector here is the caller's request for what Atoll lacks. */
    float[] asDense();

    static Dense of(float[] values) {
        return new Dense(values);
    }

    /** Named dense vectors as vector values, in the map's order. */
    static Map<String, VectorValue> dense(Map<String, float[]> vectors) {
        Map<String, VectorValue> out = new LinkedHashMap<>();
        vectors.forEach((name, v) -> out.put(name, new Dense(v)));
        return out;
    }

    record Dense(float[] values) implements VectorValue {
        @Override
        public float[] asDense() {
            return values;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Dense d && Arrays.equals(values, d.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return Arrays.toString(values);
        }
    }

    /**
     * Weights at dimensions; indices are unsigned 32-bit numbers held in ints (compare with
     * {@link Integer#compareUnsigned}), kept sorted by index so that equal vectors have equal arrays.
     */
    record Sparse(int[] indices, float[] values) implements VectorValue {
        public Sparse {
            if (indices.length != values.length) {
                throw new IllegalArgumentException("a sparse vector needs one value per index");
            }
            if (!sorted(indices)) {
                Integer[] order = new Integer[indices.length];
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                int[] in = indices;
                Arrays.sort(order, (a, b) -> Integer.compareUnsigned(in[a], in[b]));
                int[] si = new int[in.length];
                float[] sv = new float[in.length];
                for (int i = 0; i < order.length; i++) {
                    si[i] = in[order[i]];
                    sv[i] = values[order[i]];
                }
                indices = si;
                values = sv;
            }
        }

        private static boolean sorted(int[] indices) {
            for (int i = 1; i < indices.length; i++) {
                if (Integer.compareUnsigned(indices[i - 1], indices[i]) > 0) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public float[] asDense() {
            throw AtollException.badRequest("Bad request: this is a sparse vector, which Atoll does not support here");
        }

        /** The dot product: the sum over the dimensions both have (both sorted, so one merge pass). */
        public float dot(Sparse other) {
            double sum = 0;
            int i = 0;
            int j = 0;
            while (i < indices.length && j < other.indices.length) {
                int c = Integer.compareUnsigned(indices[i], other.indices[j]);
                if (c == 0) {
                    sum += (double) values[i++] * other.values[j++];
                } else if (c < 0) {
                    i++;
                } else {
                    j++;
                }
            }
            return (float) sum;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Sparse s && Arrays.equals(indices, s.indices) && Arrays.equals(values, s.values);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(indices) + Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return "sparse" + Arrays.toString(indices) + "=" + Arrays.toString(values);
        }
    }

    /** Several dense vectors of one dimension. */
    record Multi(float[][] vectors) implements VectorValue {
        @Override
        public float[] asDense() {
            throw AtollException.badRequest("Bad request: this is a multivector, which Atoll does not support here");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Multi m && Arrays.deepEquals(vectors, m.vectors);
        }

        @Override
        public int hashCode() {
            return Arrays.deepHashCode(vectors);
        }

        @Override
        public String toString() {
            return Arrays.deepToString(vectors);
        }
    }
}
