package io.atoll.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The benchmark's command line: loads the dataset, measures both targets, prints and saves the report. */
@Command(name = "atoll bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures Atoll through its REST and gRPC APIs (a separate server process) against the same "
                + "engine called in-process: ingest rate, recall@10, QPS and latency at several hnsw_ef values, and "
                + "search while another collection loads. See bench/README.md.")
public final class BenchMain implements Callable<Integer> {
    private static final Path ROOT = Path.of(System.getProperty("atoll.bench.root", ".")).toAbsolutePath().normalize();

    @Option(names = "--points", description = "base vectors to load (default 100000, 5000 with --quick)")
    Integer points;
    @Option(names = "--queries", description = "queries to run (default 1000, 200 with --quick)")
    Integer queries;
    @Option(names = "--ef", split = ",", description = "hnsw_ef values to search with (default 16,32,64,128,256; "
            + "32,64 with --quick)")
    List<Integer> efs;
    @Option(names = "--clients", split = ",", description = "concurrent search clients (default 1,2)")
    List<Integer> clients = List.of(1, 2);
    @Option(names = "--batch", description = "points per upsert request (default 256)")
    int batch = 256;
    @Option(names = "--churn-points", description = "points loaded into a second collection while searching (default points / 10)")
    Integer churnPoints;
    @Option(names = "--churn-ef", description = "hnsw_ef of the searches during that load (default 64)")
    int churnEf = 64;
    @Option(names = "--cluster", description = "only the cluster write benchmark: a local 3-node cluster, "
            + "replication factor 1 against 2 (default 20000 points per round)")
    boolean cluster;
    @Option(names = "--resharding", description = "only the resharding benchmark: a local 3-node cluster, 4 "
            + "shards resharded to 5 from one call (points moved, duration against the import, search QPS during)")
    boolean resharding;

    @Option(names = "--rebalance", description = "only the rebalancing benchmark: a local 3-node cluster at "
            + "replication factor 2, a 4th node joins (rebalance time against one snapshot transfer, transfers made "
            + "against the fewest)")
    boolean rebalance;

    @Option(names = "--snapshots", description = "only the snapshot benchmark: one node, a collection snapshot "
            + "created, downloaded and recovered, next to a disk copy of the same bytes (default 100000 points, "
            + "5000 with --quick)")
    boolean snapshots;

    @Option(names = "--transfers", description = "only the transfer benchmark: a local 3-node cluster, one shard "
            + "copied, moved under load and recovered (default 100000 points, 5000 with --quick)")
    boolean transfers;
    @Option(names = "--scale", description = "only the scale benchmark: one server per size, REST ingest, recall "
            + "and QPS at --scale-ef and memory per size (sizes past the dataset's 100k rows are noisy copies)")
    boolean scale;
    @Option(names = "--scale-sizes", split = ",", description = "sizes for --scale (default 10000,100000,1000000)")
    List<Integer> scaleSizes = List.of(10_000, 100_000, 1_000_000);
    @Option(names = "--scale-ef", description = "hnsw_ef of the --scale and --quantization searches (default 64)")
    int scaleEf = 64;
    @Option(names = "--quantization", description = "only the quantization benchmark: one server per "
            + "quantization_config (none, int8, 1 bit), recall and QPS at --scale-ef with and without oversampling, "
            + "memory after the searches (default 100000 points, 5000 with --quick)")
    boolean quantization;
    @Option(names = "--filtered", description = "only the filtered-search benchmark: filters admitting 1, 10 and "
            + "50 % of the points, without and with ACORN (params.acorn), recall and QPS at --scale-ef (default "
            + "100000 points, 5000 with --quick)")
    boolean filtered;
    @Option(names = "--hybrid", description = "only the hybrid-search benchmark: a sparse vector for every point "
            + "from its sentence (IDF modifier), dense, sparse and hybrid (RRF of both) queries, QPS and p99 with 1 "
            + "and 2 clients (default 100000 points, 5000 with --quick)")
    boolean hybrid;
    @Option(names = "--segments", description = "only the segment benchmark: Lucene alone, the points in each of "
            + "--segment-counts segments, recall@10 and graph nodes visited per query at each --ef, as Atoll searches"
            + " and with hnsw_ef per segment (default 100000 points, 5000 with --quick)")
    boolean segments;
    @Option(names = "--segment-counts", split = ",", description = "segment counts for --segments (default 1,4,8)")
    List<Integer> segmentCounts = List.of(1, 4, 8);
    @Option(names = "--quick", description = "5000 points and 200 queries (recall against brute force), "
            + "hnsw_ef 32,64, a shorter warm-up and half-second timed passes: to check a change first")
    boolean quick;
    @Option(names = "--dataset", description = "dataset directory (default ../shared/datasets/minilm-384-angular from the repository)")
    Path dataset = ROOT.resolve("../shared/datasets/minilm-384-angular").normalize();
    @Option(names = "--out", description = "directory for the JSON report (default bench-results in the repository)")
    Path out = ROOT.resolve("bench-results");
    @Option(names = "--no-hnswlib", description = "leave out the hnswlib baseline (bench/hnswlib_baseline.py)")
    boolean noHnswlib;
    @Option(names = "--settle-timeout", description = "longest wait, in seconds, for background merges to finish (default 180)")
    int settleTimeoutSec = 180;

    private String[] args = new String[0];

    public static void main(String[] args) {
        // the in-process node logs through slf4j-simple; its INFO lines would bury the tables
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        BenchMain main = new BenchMain();
        main.args = args;
        System.exit(new CommandLine(main).execute(args));
    }

    /**
     * A benchmark run apart from the main one (a local cluster, a server per size, a bare index): its figures, as
     * JSON.
     */
    private interface SeparateBench {
        ObjectNode run(Dataset data, Path work) throws Exception;
    }

    /**
     * Runs {@code bench} in a temporary directory and writes its figures to {@code <name>-<timestamp>.json}; with
     * ATOLL_BENCH_KEEP set the nodes' storage and logs are kept.
     */
    private int separateBench(String name, Dataset data, SeparateBench bench) throws Exception {
        Path work = Files.createTempDirectory("atoll-bench-" + name);
        try {
            ObjectNode figures = bench.run(data, work);
            Files.createDirectories(out);
            Path file = out.resolve(name + "-" + ZonedDateTime.now().format(DateTimeFormatter.ofPattern(
                    "yyyyMMdd-HHmmss")) + ".json");
            Files.writeString(file, figures.toPrettyString());
            System.out.println();
            System.out.println("report written to " + file);
        } finally {
            if (System.getenv("ATOLL_BENCH_KEEP") == null) {
                Cleanup.deleteTree(work);
            } else {
                System.out.println("nodes' storage and logs kept in " + work);
            }
        }
        return 0;
    }

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        String loadBefore = loadAverage();
        int n = points != null ? points : quick ? 5_000 : 100_000;
        int q = queries != null ? queries : quick ? 200 : 1000;
        efs = efs != null ? efs : quick ? List.of(32, 64) : List.of(16, 32, 64, 128, 256);
        String invalid = check(n, q);
        if (invalid != null) {
            System.err.println("atoll bench: " + invalid);
            return 2;
        }
        Scenario.Settings settings = new Scenario.Settings(n, batch, efs, clients,
                churnPoints != null ? churnPoints : Math.min(n, Math.max(batch, n / 10)), churnEf, settleTimeoutSec,
                quick ? 0.5 : 2, quick ? 300 : 2000);

        if (resharding) {
            return separateBench("resharding", Dataset.load(dataset, n, q),
                    (data, work) -> ReshardingBench.run(data, n, batch, work));
        }
        if (rebalance) {
            return separateBench("rebalance", Dataset.load(dataset, n, 1),
                    (data, work) -> RebalanceBench.run(data, n, batch, work));
        }
        if (snapshots) {
            return separateBench("snapshots", Dataset.load(dataset, n, 1),
                    (data, work) -> SnapshotBench.run(data, n, batch, work));
        }
        if (transfers) {
            return separateBench("transfers", Dataset.load(dataset, n, 1),
                    (data, work) -> TransferBench.run(data, n, batch, work));
        }
        if (scale) {
            if (scaleSizes.isEmpty() || scaleSizes.stream().anyMatch(x -> x < 1) || scaleEf < 1) {
                System.err.println("atoll bench: --scale-sizes and --scale-ef need positive values");
                return 2;
            }
            int rows = Math.min(Dataset.maxPoints(dataset), scaleSizes.stream().max(Integer::compare).orElseThrow());
            int scaleQueries = queries != null ? q : 200;
            return separateBench("scale", Dataset.load(dataset, rows, scaleQueries),
                    (data, work) -> ScaleBench.run(data, scaleSizes, scaleEf, batch, work));
        }
        if (quantization) {
            return separateBench("quantization", Dataset.load(dataset, n, q),
                    (data, work) -> QuantizationBench.run(data, n, scaleEf, batch, work));
        }
        if (filtered) {
            return separateBench("filtered", Dataset.load(dataset, n, q),
                    (data, work) -> FilteredBench.run(data, n, scaleEf, batch, work));
        }
        if (hybrid) {
            return separateBench("hybrid", Dataset.load(dataset, n, q),
                    (data, work) -> HybridBench.run(data, n, scaleEf, batch, work));
        }
        if (segments) {
            if (segmentCounts.isEmpty() || segmentCounts.stream().anyMatch(x -> x < 1 || x > n)) {
                System.err.println("atoll bench: --segment-counts need values within 1..points");
                return 2;
            }
            return separateBench("segments", Dataset.load(dataset, n, q),
                    (data, work) -> SegmentBench.run(data, segmentCounts, efs, work));
        }
        if (cluster) {
            int perRound = points != null ? points : 20_000;
            Dataset data = Dataset.load(dataset, perRound, 1);
            Path work = Files.createTempDirectory("atoll-bench-cluster");
            try {
                ClusterIngest.run(data, perRound, batch, work);
            } finally {
                Cleanup.deleteTree(work);
            }
            return 0;
        }
        System.err.println(Scenario.clock() + "bench: loading " + n + " points and " + q + " queries from " + dataset);
        Dataset data = Dataset.load(dataset, n, q);
        System.err.println(Scenario.clock() + "bench: ground truth from " + data.truth().source());
        HnswlibBaseline hnswlib = null;
        if (!noHnswlib) {
            System.err.println(Scenario.clock() + "bench: hnswlib baseline (bench/hnswlib_baseline.py)");
            hnswlib = HnswlibBaseline.run(ROOT, data, settings).orElse(null);
        }

        BothTargets.Outcome outcome;
        try (Cleanup cleanup = new Cleanup()) {
            outcome = new BothTargets(new Scenario(settings), cleanup).run(data);
        }
        List<Scenario.TargetResult> results = outcome.measured().targets();
        Report.Memory memory = new Report.Memory(outcome.emptyServer(), outcome.loaded(),
                4L * n * data.dimension());
        Report report = new Report(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                String.join(" ", "./atoll bench", String.join(" ", args)).trim(), environment(loadBefore),
                new Report.DatasetInfo(dataset.toString(), n, data.dimension(), q, data.truth().source(),
                        data.truth().spotCheck()),
                settings, results, Report.ratios(results), memory, outcome.measured().wrk(), hnswlib, (System.nanoTime() - start) / 1e9);
        new ResultTable(System.out).print(report);
        if (hnswlib != null) {
            System.out.println();
            new BaselineTable(System.out).print(report, hnswlib);
        }
        System.out.println();
        System.out.println("report written to " + JsonReport.write(report, out));
        return 0;
    }

    private String check(int n, int q) throws java.io.IOException {
        if (!java.nio.file.Files.isDirectory(dataset)) {
            return "no dataset at " + dataset + " (use --dataset)";
        }
        if (n < 1 || n > Dataset.maxPoints(dataset)) {
            return "--points must be within 1.." + Dataset.maxPoints(dataset);
        }
        if (q < 1 || q > Dataset.maxQueries(dataset)) {
            return "--queries must be within 1.." + Dataset.maxQueries(dataset);
        }
        if (efs.isEmpty() || efs.stream().anyMatch(e -> e < 1) || clients.isEmpty() || clients.stream().anyMatch(c -> c < 1)) {
            return "--ef and --clients need positive values";
        }
        if (batch < 1 || churnEf < 1 || (churnPoints != null && (churnPoints < 1 || churnPoints > n))) {
            return "--batch and --churn-ef must be positive, --churn-points within 1..points";
        }
        return null;
    }

    private static Report.Environment environment(String loadBefore) {
        return new Report.Environment(Runtime.getRuntime().availableProcessors(), Runtime.version().toString(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                System.getProperty("atoll.bench.commit", "unknown"), loadBefore, loadAverage());
    }

    private static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
