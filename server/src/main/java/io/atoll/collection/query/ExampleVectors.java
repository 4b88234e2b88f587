package io.atoll.collection.query;

import io.atoll.error.AtollException;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.VectorParams;
import java.util.List;

/** Qdrant's average_vector recommendation: the vector searched for, from the examples. Pure. */
final class ExampleVectors {
    private ExampleVectors() {
    }

    /**
     * avg(positives) without negatives, else avg(positives) + (avg(positives) - avg(negatives)): a step from the
     * positives away from the negatives. Given vectors are averaged as given and stored ones as stored (unit
     * length for cosine), as Qdrant does; the search then normalises the result for cosine.
     */
    static float[] average(CollectionParams collection, String using, List<float[]> positives,
                           List<float[]> negatives) {
        VectorParams params = collection.searchable(using);
        if (positives.isEmpty()) {
            throw AtollException.badRequest("Wrong input: Positive vectors should not be empty with `average` "
                    + "strategy");
        }
        float[] pos = mean(params, positives);
        if (negatives.isEmpty()) {
            return pos;
        }
        float[] neg = mean(params, negatives);
        float[] out = new float[pos.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = pos[i] + pos[i] - neg[i];
        }
        return out;
    }

    private static float[] mean(VectorParams params, List<float[]> vectors) {
        float[] sum = new float[params.size()];
        for (float[] v : vectors) {
            if (v.length != params.size()) {
                throw AtollException.badRequest("Wrong input: Vector dimension error: expected dim: "
                        + params.size() + ", got " + v.length);
            }
            for (int i = 0; i < v.length; i++) {
                sum[i] += v[i];
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= vectors.size();
        }
        return sum;
    }
}
