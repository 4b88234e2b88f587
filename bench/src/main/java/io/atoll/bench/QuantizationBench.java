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

/**
 * Issue 15's quantization lever ({@code --quantization}): one server per quantization_config (none, scalar int8,
 * binary 1 bit), each loaded through REST with the same points, then searched at one hnsw_ef with Qdrant's default
 * {@code params.quantization} and with oversampling; recall@10, QPS with 1 and 2 clients, and the server's memory
 * after the searches (resident growth over the raw vector bytes, split into anonymous and file-backed memory, and
 * the resident pages of the original vectors' {@code .vec} files: those are on disk, and only the ones rescoring
 * reads need to be resident). A server's rows run in order, rows that rescore after those that do not, and pages
 * once read stay resident, so each row's memory includes what the rows above it read. Ratios are over the
 * unquantized server's figures of the same run.
 */
final class QuantizationBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String C = "quantized";
    private static final Duration WARM_UP = Duration.ofSeconds(5);

    /** One way of searching: {@code quantization} is {@code params.quantization} as JSON, null for none. */
    record Search(String label, String quantization) {
    }

    /** One server's quantization_config (JSON, null for none) and the searches made of it. */
    record Config(String label, String quantization, List<Search> searches) {
    }

    /** A config's searches that read no original vectors come first: pages once read stay resident. */
    static final List<Config> CONFIGS = List.of(
            new Config("none", null, List.of(new Search("float graph", null))),
            new Config("scalar int8", "{\"scalar\":{\"type\":\"int8\"}}", List.of(
                    new Search("no rescoring (default)", null),
                    new Search("rescore, oversampling 2", "{\"rescore\":true,\"oversampling\":2}"))),
            new Config("binary 1 bit", "{\"binary\":{\"encoding\":\"one_bit\"}}", List.of(
                    new Search("rescore (default)", null),
                    new Search("rescore, oversampling 3", "{\"oversampling\":3}"))));

    record Row(String config, String search, Ingest.Result ingest, int segments, SearchLoad.Result one,
               SearchLoad.Result two, ServerMemory empty, ServerMemory searched) {
    }

    private QuantizationBench() {
    }

    static ObjectNode run(Dataset data, int points, int ef, int batch, Path work) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (Config c : CONFIGS) {
            Path dir = work.resolve(c.label().replace(' ', '-'));
            try (Cleanup cleanup = new Cleanup()) {
                rows.addAll(measure(data, points, ef, batch, c, dir, cleanup));
            }
            Cleanup.deleteTree(dir);
        }
        print(rows, points, ef, batch, data.dimension());
        ArrayNode out = JSON.createArrayNode();
        rows.forEach(r -> out.add(JSON.valueToTree(r)));
        ObjectNode figures = JSON.createObjectNode();
        figures.put("points", points).put("ef", ef).put("batch", batch).set("rows", out);
        return figures;
    }

    private static List<Row> measure(Dataset data, int points, int ef, int batch, Config c, Path dir,
                                     Cleanup cleanup) throws Exception {
        Files.createDirectories(dir);
        ServerProcess server = ServerProcess.start(dir.resolve("storage"), dir.resolve("server.log"), cleanup);
        List<Row> rows = new ArrayList<>();
        try (RestTarget rest = new RestTarget(server)) {
            ServerMemory empty = ServerMemory.of(server.pid());
            rest.createCollection(C, data.dimension(), 0, 1, c.quantization());
            System.err.println("bench: " + c.label() + ": loading " + points + " points");
            Ingest.Result ingest = Ingest.run(rest, C, data, points, batch);
            Settle.awaitSettled(rest, C, Duration.ofMinutes(10));
            List<SearchLoad> loads = new ArrayList<>();
            for (Search s : c.searches()) {
                loads.add(new SearchLoad(data, ef,
                        q -> rest.prepareSearch(C, q, GroundTruth.K, ef, null, s.quantization())));
            }
            // At least a thousand searches a row (the queries round and round), so a --quick row is not a second.
            int searches = Math.max(data.queries().length, 1000);
            for (int i = 0; i < loads.size(); i++) {
                Search s = c.searches().get(i);
                SearchLoad load = loads.get(i);
                // Each way of searching warms up for a while, not a count (a fresh server's JIT is still compiling
                // after a thousand searches), just before it is timed and its memory read: a rescoring warm-up
                // faults in the original vectors it reads (and, through fault-around, their neighbours), which
                // stay resident, so it must not run before a row that reads none.
                long until = System.nanoTime() + WARM_UP.toNanos();
                load.runWhile(() -> System.nanoTime() < until, 2);
                SearchLoad.Result one = load.runCount(searches, 1);
                SearchLoad.Result two = load.runCount(searches, 2);
                System.err.printf(Locale.ROOT, "bench: %s, %s: recall %.3f, %.0f / %.0f QPS%n", c.label(), s.label(),
                        one.recall(), one.qps(), two.qps());
                rows.add(new Row(c.label(), s.label(), ingest, rest.segments(C), one, two, empty,
                        ServerMemory.of(server.pid())));
            }
        }
        return rows;
    }

    private static void print(List<Row> rows, int points, int ef, int batch, int dim) {
        System.out.printf(Locale.ROOT, "%nQuantization: one server per config, %,d points through REST (batches of %d,"
                + " wait=true), searches at hnsw_ef %d after merges settled; memory after the searches%n%n", points,
                batch, ef);
        System.out.println("| quantization | search | ingest points/s | segments | recall@10 | QPS 1 client | QPS 2 "
                + "clients | p99 ms 1 client | heap after GC MiB | resident growth ÷ raw vectors | anonymous growth "
                + "÷ raw | file-backed growth ÷ raw | .vec resident ÷ raw | QPS 2 ÷ none |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        double raw = 4.0 * points * dim;
        Row none = rows.getFirst();
        for (Row r : rows) {
            ServerMemory grown = r.searched().minus(r.empty());
            System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %d | %.3f | %.0f | %.0f | %.2f | %.0f | %.2f | %.2f "
                    + "| %.2f | %.2f | %.2f |%n", r.config(), r.search(), r.ingest().pointsPerSec(), r.segments(),
                    r.one().recall(), r.one().qps(), r.two().qps(), r.one().latency().p99Ms(),
                    r.searched().heapUsedBytes() / 1048576.0, grown.residentBytes() / raw, grown.anonBytes() / raw,
                    grown.fileBytes() / raw, grown.floatVectorBytes() / raw, r.two().qps() / none.two().qps());
        }
    }
}
