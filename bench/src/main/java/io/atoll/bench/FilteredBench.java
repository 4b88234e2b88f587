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
import java.util.function.Supplier;

/**
 * Issue 15's filtered-search lever ({@code --filtered}): one server, the points loaded through REST with a payload
 * {@code g = id % 100}, searched under filters admitting 1 %, 10 % and 50 % of them, without ACORN (Lucene walks
 * the graph through rejected nodes and searches the admitted ones exactly once it has visited more nodes than the
 * filter admits) and with it ({@code params.acorn} with {@code max_selectivity} 1, so every filter here takes
 * it, above the full-scan threshold under which a segment is searched exactly either way); recall@10 against the
 * exact filtered answer (the server's {@code exact} search), QPS and p99 with one client. Ratios are over the same
 * filter without ACORN, in the same run.
 */
final class FilteredBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String C = "filtered";
    private static final int GROUPS = 100;
    private static final Duration WARM_UP = Duration.ofSeconds(3);
    private static final String ACORN = "{\"enable\":true,\"max_selectivity\":1}";

    /** A filter admitting {@code percent} % of the points. */
    record Share(int percent, String filter) {
        static Share of(int percent) {
            return new Share(percent, "{\"must\":[{\"key\":\"g\",\"range\":{\"lt\":" + percent + "}}]}");
        }
    }

    record Row(int percent, boolean acorn, SearchLoad.Result one) {
    }

    private FilteredBench() {
    }

    static ObjectNode run(Dataset data, int points, int ef, int batch, Path work) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (Cleanup cleanup = new Cleanup()) {
            Files.createDirectories(work);
            ServerProcess server = ServerProcess.start(work.resolve("storage"), work.resolve("server.log"), cleanup);
            try (RestTarget rest = new RestTarget(server)) {
                rest.createCollection(C, data.dimension());
                System.err.println("bench: filtered: loading " + points + " points");
                for (int from = 0; from < points; from += batch) {
                    rest.prepareUpsert(C, data, from, Math.min(points, from + batch), GROUPS).run();
                }
                Settle.awaitSettled(rest, C, Duration.ofMinutes(10));
                int searches = Math.max(data.queries().length, 1000);
                for (int percent : List.of(1, 10, 50)) {
                    Share share = Share.of(percent);
                    int[][] truth = truth(rest, data, share);
                    for (boolean acorn : List.of(false, true)) {
                        SearchLoad load = new SearchLoad(data.queries(), truth, ef, q -> rest.prepareFilteredSearch(C,
                                q, GroundTruth.K, ef, share.filter(), acorn ? "acorn" : null, acorn ? ACORN : null));
                        long until = System.nanoTime() + WARM_UP.toNanos();
                        load.runWhile(() -> System.nanoTime() < until, 1);
                        SearchLoad.Result one = load.runCount(searches, 1);
                        System.err.printf(Locale.ROOT, "bench: filtered %d %%, acorn %s: recall %.3f, %.0f QPS%n",
                                percent, acorn, one.recall(), one.qps());
                        rows.add(new Row(percent, acorn, one));
                    }
                }
            }
        }
        print(rows, points, ef);
        ArrayNode out = JSON.createArrayNode();
        rows.forEach(r -> out.add(JSON.valueToTree(r)));
        ObjectNode figures = JSON.createObjectNode();
        figures.put("points", points).put("ef", ef).set("rows", out);
        return figures;
    }

    /** Each query's exact filtered top ids, from the server's exact search (brute force over what it admits). */
    private static int[][] truth(RestTarget rest, Dataset data, Share share) {
        float[][] queries = data.queries();
        int[][] truth = new int[queries.length][];
        for (int i = 0; i < queries.length; i++) {
            Supplier<long[]> exact = rest.prepareFilteredSearch(C, queries[i], GroundTruth.K, 1, share.filter(),
                    "exact", "true");
            long[] ids = exact.get();
            truth[i] = new int[ids.length];
            for (int j = 0; j < ids.length; j++) {
                truth[i][j] = (int) ids[j];
            }
        }
        return truth;
    }

    private static void print(List<Row> rows, int points, int ef) {
        System.out.printf(Locale.ROOT, "%nFiltered search: %,d points through REST, payload g = id %% %d, filter g <"
                + " share, hnsw_ef %d, 1 client, after merges settled; ACORN with max_selectivity 1%n%n", points,
                GROUPS, ef);
        System.out.println("| filter admits | ACORN | recall@10 | QPS | p99 ms | QPS ÷ without ACORN |");
        System.out.println("|---|---|---|---|---|---|");
        for (int i = 0; i < rows.size(); i += 2) {
            Row off = rows.get(i);
            for (Row r : List.of(off, rows.get(i + 1))) {
                System.out.printf(Locale.ROOT, "| %d %% | %s | %.3f | %.0f | %.2f | %.2f |%n", r.percent(),
                        r.acorn() ? "on" : "off", r.one().recall(), r.one().qps(), r.one().latency().p99Ms(),
                        r.one().qps() / off.one().qps());
            }
        }
    }
}
