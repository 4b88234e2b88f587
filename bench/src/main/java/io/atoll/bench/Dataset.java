package io.atoll.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The first {@code points} base vectors with their sentences (the payload) and the first {@code queries} query
 * vectors of the minilm-384-angular set, and the exact neighbours of those queries among those points.
 */
record Dataset(Path dir, float[][] base, String[] texts, float[][] queries, GroundTruth truth) {

    static Dataset load(Path dir, int points, int queries) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("dataset directory " + dir + " does not exist (use --dataset)");
        }
        float[][] base = Texmex.fvecs(dir.resolve("base-100k.fvecs"), points);
        String[] texts = texts(dir.resolve("base-100k.txt"), points);
        float[][] q = Texmex.fvecs(dir.resolve("query.fvecs"), queries);
        return new Dataset(dir, base, texts, q, GroundTruth.forPrefix(dir, base, q));
    }

    private static String[] texts(Path file, int points) throws IOException {
        try (Stream<String> lines = Files.lines(file)) {
            List<String> first = lines.limit(points).toList();
            if (first.size() < points) {
                throw new IOException(file + " has " + first.size() + " lines, " + points + " wanted");
            }
            return first.toArray(String[]::new);
        }
    }

    int dimension() {
        return base[0].length;
    }

    static int maxPoints(Path dir) throws IOException {
        return Texmex.rowCount(dir.resolve("base-100k.fvecs"));
    }

    static int maxQueries(Path dir) throws IOException {
        return Texmex.rowCount(dir.resolve("query.fvecs"));
    }
}
