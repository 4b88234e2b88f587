package io.atoll.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.apache.lucene.util.VectorUtil;

/**
 * The exact nearest neighbours (by cosine) of each query among the loaded points. The dataset's files hold them
 * for all 100k points and for the first 10k; any other prefix needs its own, computed by brute force, because
 * the 100k neighbours of a query mostly lie outside a smaller prefix.
 *
 * @param neighbours per query, ids (= row numbers) best first; at least {@link #K} of them
 * @param source     where they came from, for the report
 * @param spotCheck  when read from a file: the recall@10 of the file against brute force on a few queries
 *                   (1.0 unless the file does not belong to this prefix, or ties order differently)
 */
record GroundTruth(int[][] neighbours, String source, Double spotCheck) {
    static final int K = 10;
    private static final int SPOT_CHECK_QUERIES = 20;

    static GroundTruth forPrefix(Path dir, float[][] base, float[][] queries) throws IOException {
        String file = switch (base.length) {
            case 100_000 -> "groundtruth-100k.ivecs";
            case 10_000 -> "groundtruth-10k.ivecs";
            default -> null;
        };
        if (file != null && Files.exists(dir.resolve(file)) && queries.length <= Texmex.rowCount(dir.resolve(file))) {
            int[][] fromFile = Texmex.ivecs(dir.resolve(file), queries.length);
            int n = Math.min(SPOT_CHECK_QUERIES, queries.length);
            int[][] brute = bruteForce(base, Arrays.copyOf(queries, n));
            return new GroundTruth(fromFile, file, Recall.mean(brute, fromFile, K));
        }
        return new GroundTruth(bruteForce(base, queries), "brute force over " + base.length + " points", null);
    }

    /** Top K by dot product of normalized vectors, i.e. by cosine; parallel over queries. */
    static int[][] bruteForce(float[][] base, float[][] queries) {
        float[][] unitBase = Arrays.stream(base).parallel().map(GroundTruth::unit).toArray(float[][]::new);
        return IntStream.range(0, queries.length).parallel()
                .mapToObj(q -> topK(unitBase, unit(queries[q])))
                .toArray(int[][]::new);
    }

    private static int[] topK(float[][] base, float[] q) {
        int[] ids = new int[K];
        float[] scores = new float[K];
        Arrays.fill(scores, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < base.length; i++) {
            float s = VectorUtil.dotProduct(base[i], q);
            if (s <= scores[K - 1]) {
                continue;
            }
            int pos = K - 1;
            while (pos > 0 && scores[pos - 1] < s) {
                scores[pos] = scores[pos - 1];
                ids[pos] = ids[pos - 1];
                pos--;
            }
            scores[pos] = s;
            ids[pos] = i;
        }
        return ids;
    }

    private static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        float[] out = v.clone();
        if (norm > 0) {
            float inv = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < out.length; i++) {
                out[i] *= inv;
            }
        }
        return out;
    }
}
