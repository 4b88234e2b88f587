package io.atoll.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * hnswlib, the reference HNSW implementation, on the same points, queries and ground truth with the graph parameters
 * Atoll uses (M 16, ef_construction 100): what issue 15 measures Atoll's engine and APIs against. It runs
 * {@code bench/hnswlib_baseline.py} with the system python3 ({@code /usr/bin/python3}, where Debian's package puts
 * the module, even when another python3 comes first on the PATH) before any Atoll target starts, so it has the machine to
 * itself as they do. Without python3 or Debian's python3-hnswlib the benchmark says what to install and leaves the
 * column out rather than fail.
 *
 * @param buildThreads       threads hnswlib built the graph with (the most clients searched with)
 * @param buildPointsPerSec  points / seconds of building the graph
 * @param searches           every hnsw_ef with every thread count, in that order
 */
record HnswlibBaseline(String version, int buildThreads, double buildPointsPerSec, List<Search> searches) {
    private static final long TIMEOUT_MINUTES = 30;
    private static final String SYSTEM_PYTHON = "/usr/bin/python3";

    /** Queries as one batch call per pass, on {@code threads} threads; no per-query latency. */
    record Search(int ef, int threads, double recall, double qps) {
    }

    static Optional<HnswlibBaseline> run(Path root, Dataset data, Scenario.Settings settings)
            throws IOException, InterruptedException {
        Path truth = Files.createTempFile("atoll-bench-truth-", ".ivecs");
        try {
            Texmex.writeIvecs(truth, data.truth().neighbours());
            String python = Files.isExecutable(Path.of(SYSTEM_PYTHON)) ? SYSTEM_PYTHON : "python3";
            List<String> cmd = List.of(python, root.resolve("bench/hnswlib_baseline.py").toString(),
                    "--dataset", data.dir().toString(), "--points", Integer.toString(data.base().length),
                    "--queries", Integer.toString(data.queries().length), "--truth", truth.toString(),
                    "--ef", join(settings.efs()), "--threads", join(settings.clients()),
                    "--min-seconds", Double.toString(settings.timedSeconds() / 2));
            Process p;
            try {
                p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            } catch (IOException e) {
                return skipped("python3 is not installed (apt-get install python3 python3-hnswlib)");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                return skipped("bench/hnswlib_baseline.py failed (exit " + (p.isAlive() ? "none" : p.exitValue())
                        + "): " + out);
            }
            var json = new ObjectMapper().readTree(out);
            if (json.has("missing")) {
                return skipped("python3-hnswlib is not installed (apt-get install python3-hnswlib): "
                        + json.get("missing").asText());
            }
            List<Search> searches = new java.util.ArrayList<>();
            for (var s : json.get("searches")) {
                searches.add(new Search(s.get("ef").asInt(), s.get("threads").asInt(), s.get("recall").asDouble(),
                        s.get("qps").asDouble()));
            }
            return Optional.of(new HnswlibBaseline(json.get("version").asText(), json.get("build_threads").asInt(),
                    json.get("build_points_per_sec").asDouble(), List.copyOf(searches)));
        } finally {
            Files.deleteIfExists(truth);
        }
    }

    private static Optional<HnswlibBaseline> skipped(String why) {
        System.err.println("bench: no hnswlib column: " + why);
        return Optional.empty();
    }

    private static String join(List<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
