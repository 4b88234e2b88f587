package io.atoll.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * How cost grows with size (issue 15's {@code --scale}): for each size a fresh server loads that many points through
 * REST, and one table gives, per size, the ingest rate, the segments, recall@10 and QPS at one hnsw_ef with 1 and 2
 * clients (and wrk's, when installed), and the server's memory; then each figure over the smallest size's.
 *
 * <p>Sizes past the dataset's rows are made from it: row i at or past the dataset's size is row i mod that size plus
 * Gaussian noise of σ = 0.5/√dim per component, renormalised. The noise is seeded, so runs compare, and large enough
 * that no two points are duplicates (a copy lies at cosine about 0.9 from its source) while the neighbourhoods keep
 * the dataset's structure. Ground truth is exact: brute force over every point for the queries used.
 */
final class ScaleBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String C = "scale";
    private static final long NOISE_SEED = 15;

    /** One size's figures. */
    /** {@code wrkOne} and {@code wrkTwo} are null without wrk. */
    record Row(int points, Ingest.Result ingest, double settleSeconds, int segments, SearchLoad.Result one,
               SearchLoad.Result two, WrkLoad.Result wrkOne, WrkLoad.Result wrkTwo, ServerMemory empty,
               ServerMemory loaded) {
    }

    private ScaleBench() {
    }

    static ObjectNode run(Dataset source, List<Integer> sizes, int ef, int batch, Path work) throws Exception {
        List<Row> rows = new ArrayList<>();
        Optional<WrkLoad> wrk = WrkLoad.find(work);
        for (int size : sizes) {
            Dataset data = scaled(source, size);
            try (Cleanup cleanup = new Cleanup()) {
                rows.add(measure(data, size, ef, batch, work.resolve("size-" + size), wrk, cleanup));
            }
            Cleanup.deleteTree(work.resolve("size-" + size));
        }
        print(rows, ef, batch, source.dimension());
        ArrayNode out = JSON.createArrayNode();
        rows.forEach(r -> out.add(JSON.valueToTree(r)));
        ObjectNode figures = JSON.createObjectNode();
        figures.put("ef", ef).put("batch", batch).set("sizes", out);
        return figures;
    }

    /** The first {@code size} points: the dataset's own rows, then noisy copies of them. */
    static Dataset scaled(Dataset source, int size) {
        int rows = source.base().length;
        if (size == rows) {
            return source;
        }
        int dim = source.dimension();
        double sigma = 0.5 / Math.sqrt(dim);
        float[][] base = new float[size][];
        String[] texts = new String[size];
        SplittableRandom random = new SplittableRandom(NOISE_SEED);
        for (int i = 0; i < size; i++) {
            float[] from = source.base()[i % rows];
            texts[i] = source.texts()[i % rows];
            if (i < rows) {
                base[i] = from;
                continue;
            }
            float[] v = new float[dim];
            double norm = 0;
            for (int d = 0; d < dim; d++) {
                v[d] = (float) (from[d] + sigma * random.nextGaussian());
                norm += (double) v[d] * v[d];
            }
            float inv = (float) (1 / Math.sqrt(norm));
            for (int d = 0; d < dim; d++) {
                v[d] *= inv;
            }
            base[i] = v;
        }
        System.err.println("bench: exact neighbours of " + source.queries().length + " queries among " + size
                + " points");
        GroundTruth truth = new GroundTruth(GroundTruth.bruteForce(base, source.queries()),
                "brute force over " + size + " points", null);
        return new Dataset(source.dir(), base, texts, source.queries(), truth);
    }

    private static Row measure(Dataset data, int size, int ef, int batch, Path dir, Optional<WrkLoad> wrk,
                               Cleanup cleanup) throws Exception {
        Files.createDirectories(dir);
        ServerProcess server = ServerProcess.start(dir.resolve("storage"), dir.resolve("server.log"), cleanup);
        try (RestTarget rest = new RestTarget(server)) {
            ServerMemory empty = ServerMemory.of(server.pid());
            rest.createCollection(C, data.dimension());
            System.err.println("bench: loading " + size + " points");
            Ingest.Result ingest = Ingest.run(rest, C, data, size, batch);
            double settle = Settle.awaitSettled(rest, C, Duration.ofMinutes(10)).toMillis() / 1000.0;
            ServerMemory loaded = ServerMemory.of(server.pid());
            SearchLoad searches = new SearchLoad(rest, C, data, ef);
            searches.runCount(2000, 2); // warm-up
            SearchLoad.Result one = searches.runAll(1);
            SearchLoad.Result two = searches.runAll(2);
            WrkLoad.Result wrkOne = null;
            WrkLoad.Result wrkTwo = null;
            if (wrk.isPresent()) {
                wrkOne = wrk.get().run(rest.url(), C, data, ef, 1, Duration.ofSeconds(3));
                wrkTwo = wrk.get().run(rest.url(), C, data, ef, 2, Duration.ofSeconds(3));
            }
            System.err.printf(Locale.ROOT, "bench: %d points: %.0f points/s, recall %.3f, %.0f / %.0f QPS%n", size,
                    ingest.pointsPerSec(), one.recall(), one.qps(), two.qps());
            return new Row(size, ingest, settle, rest.segments(C), one, two, wrkOne, wrkTwo, empty, loaded);
        }
    }

    private static void print(List<Row> rows, int ef, int batch, int dim) {
        System.out.printf(Locale.ROOT, "%nScale: one server per size, REST ingest in batches of %d (wait=true), searches"
                + " at hnsw_ef %d after merges settled (closed-loop clients; wrk for 3 s)%n%n", batch, ef);
        System.out.println("| points | ingest points/s | merging s | segments | recall@10 | QPS 1 client | QPS 2 clients"
                + " | wrk QPS 1 | wrk QPS 2 | p99 ms 1 client | heap after GC MiB | heap committed MiB | resident MiB"
                + " | anonymous growth MiB | file-backed growth MiB | resident growth ÷ raw vectors |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            double raw = 4.0 * r.points() * dim;
            ServerMemory grown = r.loaded().minus(r.empty());
            System.out.printf(Locale.ROOT, "| %,d | %.0f | %.1f | %d | %.3f | %.0f | %.0f | %s | %s | %.2f | %.0f "
                    + "| %.0f | %.0f | %.0f | %.0f | %.2f |%n", r.points(), r.ingest().pointsPerSec(),
                    r.settleSeconds(), r.segments(), r.one().recall(), r.one().qps(), r.two().qps(), qps(r.wrkOne()),
                    qps(r.wrkTwo()), r.one().latency().p99Ms(), mib(r.loaded().heapUsedBytes()),
                    mib(r.loaded().heapCommittedBytes()), mib(r.loaded().residentBytes()), mib(grown.anonBytes()),
                    mib(grown.fileBytes()), grown.residentBytes() / raw);
        }
        Row first = rows.getFirst();
        System.out.printf(Locale.ROOT, "%nEach size over %,d points (points ×, ingest rate ×, QPS × with 1 and 2 clients,"
                + " heap ×):%n", first.points());
        for (Row r : rows.subList(1, rows.size())) {
            System.out.printf(Locale.ROOT, "%,d: %.0f×, %.2f, %.2f, %.2f, %.2f%n", r.points(),
                    (double) r.points() / first.points(), r.ingest().pointsPerSec() / first.ingest().pointsPerSec(),
                    r.one().qps() / first.one().qps(), r.two().qps() / first.two().qps(),
                    (double) r.loaded().heapUsedBytes() / first.loaded().heapUsedBytes());
        }
    }

    private static double mib(long bytes) {
        return bytes / 1048576.0;
    }

    private static String qps(WrkLoad.Result w) {
        return w == null ? "—" : String.format(Locale.ROOT, "%.0f%s", w.qps(), w.errors() == 0 ? "" : " (errors)");
    }
}
