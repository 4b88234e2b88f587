package io.atoll.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Issue 19's hybrid search ({@code --hybrid}): one server, every point with its dense MiniLM vector and a sparse
 * vector made from its sentence ({@link SparseTerms}, IDF modifier), loaded through REST; then the held-out queries
 * (their own sentences) searched dense only, sparse only, and hybrid (a dense and a sparse prefetch of 20 each,
 * fused by RRF) at the same limit, with 1 and 2 clients. Recall@10 is against the exact dense neighbours, so it
 * says how far each kind of search is from the dense answer, not how good it is. Ratios are over dense, same run.
 */
final class HybridBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String C = "hybrid";
    private static final Duration WARM_UP = Duration.ofSeconds(3);
    private static final int PREFETCH = 20;

    record Row(String kind, int clients, SearchLoad.Result result) {
    }

    private HybridBench() {
    }

    static ObjectNode run(Dataset data, int points, int ef, int batch, Path work) throws Exception {
        String[] queryTexts = queryTexts(data);
        List<Row> rows = new ArrayList<>();
        try (Cleanup cleanup = new Cleanup()) {
            Files.createDirectories(work);
            ServerProcess server = ServerProcess.start(work.resolve("storage"), work.resolve("server.log"), cleanup);
            try (RestTarget rest = new RestTarget(server)) {
                rest.call("PUT", "/collections/" + C, RestTarget.json(g -> {
                    g.writeStartObject();
                    g.writeObjectFieldStart("vectors");
                    g.writeNumberField("size", data.dimension());
                    g.writeStringField("distance", "Cosine");
                    g.writeEndObject();
                    g.writeObjectFieldStart("sparse_vectors");
                    g.writeObjectFieldStart("text");
                    g.writeStringField("modifier", "idf");
                    g.writeEndObject();
                    g.writeEndObject();
                    g.writeEndObject();
                }));
                System.err.println("bench: hybrid: loading " + points + " points with sparse vectors");
                for (int from = 0; from < points; from += batch) {
                    rest.call("PUT", "/collections/" + C + "/points?wait=true", upsert(data, from,
                            Math.min(points, from + batch)));
                }
                Settle.awaitSettled(rest, C, Duration.ofMinutes(10));
                int searches = Math.max(data.queries().length, 1000);
                Map<float[], Integer> index = new IdentityHashMap<>();
                for (int i = 0; i < data.queries().length; i++) {
                    index.put(data.queries()[i], i);
                }
                Map<String, SearchLoad> loads = new java.util.LinkedHashMap<>();
                for (String kind : List.of("dense", "sparse", "hybrid")) {
                    loads.put(kind, new SearchLoad(data, ef, q -> rest.prepareQuery(C,
                            query(kind, q, queryTexts[index.get(q)], ef))));
                }
                // every kind warmed up before any is timed, so the first is not the one that pays for the JIT
                for (SearchLoad load : loads.values()) {
                    long until = System.nanoTime() + WARM_UP.toNanos();
                    load.runWhile(() -> System.nanoTime() < until, 2);
                }
                for (Map.Entry<String, SearchLoad> e : loads.entrySet()) {
                    String kind = e.getKey();
                    for (int clients : List.of(1, 2)) {
                        SearchLoad.Result r = e.getValue().runCount(searches, clients);
                        System.err.printf(Locale.ROOT, "bench: hybrid %s, %d clients: %.0f QPS, p99 %.2f ms%n", kind,
                                clients, r.qps(), r.latency().p99Ms());
                        rows.add(new Row(kind, clients, r));
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

    private static String[] queryTexts(Dataset data) throws IOException {
        try (Stream<String> lines = Files.lines(data.dir().resolve("query.txt"))) {
            return lines.limit(data.queries().length).toArray(String[]::new);
        }
    }

    private static byte[] upsert(Dataset data, int from, int to) {
        return RestTarget.json(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("points");
            for (int i = from; i < to; i++) {
                g.writeStartObject();
                g.writeNumberField("id", i);
                g.writeObjectFieldStart("vector");
                RestTarget.writeVector(g, "", data.base()[i]);
                sparse(g, "text", data.texts()[i]);
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static byte[] query(String kind, float[] vector, String text, int ef) {
        return RestTarget.json(g -> {
            g.writeStartObject();
            switch (kind) {
                case "dense" -> denseQuery(g, vector, ef, 10);
                case "sparse" -> sparseQuery(g, text, 10);
                default -> {
                    g.writeArrayFieldStart("prefetch");
                    g.writeStartObject();
                    denseQuery(g, vector, ef, PREFETCH);
                    g.writeEndObject();
                    g.writeStartObject();
                    sparseQuery(g, text, PREFETCH);
                    g.writeEndObject();
                    g.writeEndArray();
                    g.writeObjectFieldStart("query");
                    g.writeStringField("fusion", "rrf");
                    g.writeEndObject();
                    g.writeNumberField("limit", 10);
                }
            }
            g.writeEndObject();
        });
    }

    private static void denseQuery(JsonGenerator g, float[] vector, int ef, int limit) throws IOException {
        RestTarget.writeVector(g, "query", vector);
        g.writeNumberField("limit", limit);
        g.writeObjectFieldStart("params");
        g.writeNumberField("hnsw_ef", ef);
        g.writeEndObject();
    }

    private static void sparseQuery(JsonGenerator g, String text, int limit) throws IOException {
        sparse(g, "query", text);
        g.writeStringField("using", "text");
        g.writeNumberField("limit", limit);
    }

    private static void sparse(JsonGenerator g, String field, String text) throws IOException {
        Map<Long, Double> terms = SparseTerms.of(text);
        g.writeObjectFieldStart(field);
        g.writeArrayFieldStart("indices");
        for (long dim : terms.keySet()) {
            g.writeNumber(dim);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("values");
        for (double w : terms.values()) {
            g.writeNumber((float) w);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void print(List<Row> rows, int points, int ef) {
        System.out.printf(Locale.ROOT, "%nHybrid search: %,d points through REST, dense (hnsw_ef %d), sparse from the "
                + "sentences (IDF) and both fused by RRF (prefetch %d each), limit 10, after merges settled%n%n",
                points, ef, PREFETCH);
        System.out.println("| search | clients | recall@10 vs dense exact | QPS | p99 ms | QPS ÷ dense |");
        System.out.println("|---|---|---|---|---|---|");
        for (Row r : rows) {
            Row dense = rows.stream().filter(x -> x.kind().equals("dense") && x.clients() == r.clients())
                    .findFirst().orElseThrow();
            System.out.printf(Locale.ROOT, "| %s | %d | %.3f | %.0f | %.2f | %.2f |%n", r.kind(), r.clients(),
                    r.result().recall(), r.result().qps(), r.result().latency().p99Ms(),
                    r.result().qps() / dense.result().qps());
        }
    }
}
