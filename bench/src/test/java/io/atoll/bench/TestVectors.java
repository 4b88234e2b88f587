package io.atoll.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/** Small seeded data sets of random unit vectors, with exact ground truth, for the benchmark's own tests. */
final class TestVectors {
    private TestVectors() {
    }

    static Dataset dataset(long seed, int points, int queries, int dim) {
        Random r = new Random(seed);
        float[][] base = new float[points][];
        Arrays.setAll(base, i -> unit(r, dim));
        float[][] q = new float[queries][];
        Arrays.setAll(q, i -> unit(r, dim));
        String[] texts = new String[points];
        Arrays.setAll(texts, i -> "t" + i);
        return new Dataset(Path.of("."), base, texts, q, new GroundTruth(GroundTruth.bruteForce(base, q), "brute force",
                null));
    }

    static float[] unit(Random r, int dim) {
        float[] v = new float[dim];
        double n = 0;
        for (int d = 0; d < dim; d++) {
            v[d] = (float) r.nextGaussian();
            n += v[d] * v[d];
        }
        for (int d = 0; d < dim; d++) {
            v[d] /= (float) Math.sqrt(n);
        }
        return v;
    }
}
