package io.atoll.api.rest;

import static io.atoll.testing.QdrantAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.QdrantApi;
import io.atoll.testing.RestClient;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A seeded fuzzer against one real server: random valid-looking requests from a grammar of every endpoint's body,
 * mutated at random (types swapped, boundary numbers, unknown and duplicated keys, deep nesting, huge values),
 * malformed bytes (truncation, flipped bytes, BOM, invalid UTF-8, another encoding, wrong content types), random
 * query parameters and odd path segments. Every answer must be below 500 and, unless 2xx, Qdrant's error envelope;
 * every request must finish within {@link #REQUEST_TIMEOUT}. Every {@link #CHECK_EVERY} cases and at the end the
 * server must still be ready and a reference collection, which no fuzzed write ever targets, must hold exactly its
 * points. Accepted writes land only in the fuzz-owned collections.
 *
 * <p>Run with {@code -Dfuzz.seed=N} (default {@link #DEFAULT_SEED}) and {@code -Dfuzz.cases=N}. Each case draws from
 * its own random source derived from the seed and its number, so a case is replayed by the same seed and a case
 * count that reaches it; a failure names the seed, the case, and the full request (written to target/ when long).
 *
 * <p>That it can fail was checked by making {@code POST /points/count} throw an IllegalStateException for the
 * fuzz-owned collections: the default run failed at its first such case ("status 500: ... Service internal error",
 * with seed, case, method, path and body) and at the next check on the ERROR the server logged for it. A hang is
 * caught by the raw client's deadline, a crash by the liveness check after a failed exchange and every
 * {@value #CHECK_EVERY} cases.
 */
class ApiFuzzTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();

    static final long DEFAULT_SEED = 0x5EED_A7011L;
    static final int DEFAULT_CASES = 1500;
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    static final int CHECK_EVERY = 100;
    private static final int MAX_FAILURES = 10;
    /** {@code -Dfuzz.verbose=true} prints every request and its answer. */
    private static final boolean VERBOSE = Boolean.getBoolean("fuzz.verbose");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private static RawHttpClient http;
    private static FuzzTargets targets;
    private static JsonNode referenceState;
    private static long logOffset;

    @BeforeAll
    static void setUp() {
        URI base = URI.create(SERVER.process().url());
        http = new RawHttpClient(base.getHost(), base.getPort());
        QdrantApi api = new QdrantApi(SERVER.client());
        long self = ok(SERVER.client().get("/cluster")).get("peer_id").asLong();
        targets = FuzzTargets.create(self);
        api.createCollection(targets.reference(), Map.of("vectors", Map.of("size", 3, "distance", "Euclid"), "shard_number", 2));
        ok(SERVER.client().put("/collections/" + targets.reference() + "/index?wait=true",
                Map.of("field_name", "city", "field_schema", "keyword")));
        api.upsert(targets.reference(), RestClient.parse("""
                [{"id": 1, "vector": [1, 0, 0], "payload": {"city": "Berlin", "n": 1, "tags": ["a", "b"], "loc": {"lon": 13.4, "lat": 52.5},
                                                          "reviews": [{"stars": 5}], "desc": "the quick fox", "created": "2024-01-01T00:00:00Z"}},
                 {"id": 2, "vector": [0, 1, 0], "payload": {"city": "Rome", "n": 2.5, "flag": true}},
                 {"id": 3, "vector": [0, 0, 1], "payload": {"city": ["Oslo", "Bergen"], "a": {"b": {"c": 7}}}},
                 {"id": 4, "vector": [1, 1, 0]},
                 {"id": 18446744073709551615, "vector": [0.5, -0.5, 2], "payload": {"🦀": "ünïcödé", "n": null}},
                 {"id": "7c6a5bb4-0000-4000-8000-000000000001", "vector": [2, 2, 2], "payload": {"uuid": "x", "score": -0.0}}]"""));
        api.createCollection(targets.single(), Map.of("vectors", Map.of("size", 3, "distance", "Euclid"), "shard_number", 2));
        api.createCollection(targets.named(), RestClient.parse("""
                {"vectors": {"text": {"size": 2, "distance": "Dot"}, "image": {"size": 3, "distance": "Cosine"}}}"""));
        List<Object> single = new ArrayList<>();
        List<Object> named = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Map<String, Object> payload = Map.of("city", List.of("Berlin", "Rome", "Oslo").get(i % 3), "n", i,
                    "tags", List.of("t" + i % 4), "loc", Map.of("lon", i, "lat", i / 2.0));
            single.add(Map.of("id", i, "vector", List.of(i, 1, -i), "payload", payload));
            named.add(Map.of("id", i, "vector", Map.of("text", List.of(1, i), "image", List.of(i, 0, 1)), "payload", payload));
        }
        api.upsert(targets.single(), single);
        api.upsert(targets.named(), named);
        ok(SERVER.client().post("/collections/aliases", RestClient.parse("""
                {"actions": [{"create_alias": {"collection_name": "%s", "alias_name": "%s"}}]}"""
                .formatted(targets.single(), targets.aliases().getFirst()))));
        referenceState = referenceState();
    }

    /** What no fuzzed request may change: the reference collection's points, count, config and payload schema. */
    private static JsonNode referenceState() {
        QdrantApi api = new QdrantApi(SERVER.client());
        ObjectNode s = F.objectNode();
        JsonNode info = api.info(targets.reference());
        s.set("points_count", info.get("points_count"));
        s.set("config", info.get("config"));
        ObjectNode schema = s.putObject("payload_schema");
        info.get("payload_schema").properties().forEach(e -> schema.set(e.getKey(), e.getValue().get("data_type")));
        s.put("count", api.count(targets.reference()));
        ArrayNode points = s.putArray("points");
        api.scrollAll(targets.reference()).forEach(points::add);
        return s;
    }

    @Test
    void randomRequestsNeverBreakTheServer() throws IOException {
        long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
        int cases = Integer.getInteger("fuzz.cases", DEFAULT_CASES);
        System.out.println("ApiFuzzTest: seed=" + seed + " cases=" + cases + " (override with -Dfuzz.seed=N -Dfuzz.cases=N)");
        FuzzCases generator = new FuzzCases(targets);
        FuzzSummary summary = new FuzzSummary();
        List<String> failures = new ArrayList<>();
        long start = System.nanoTime();
        for (int n = 0; n < cases && failures.size() < MAX_FAILURES; n++) {
            FuzzCases.Case c = generator.generate(new SplittableRandom(caseSeed(seed, n)), n);
            String problem = run(c, summary);
            if (problem != null) {
                failures.add(describe(seed, c, problem));
                if (!SERVER.process().isAlive()) {
                    break;
                }
            }
            if ((n + 1) % CHECK_EVERY == 0 || n == cases - 1) {
                String logged = logProblem();
                if (logged != null) {
                    failures.add("seed=" + seed + ": up to case " + n + " " + logged
                            + "\n  (the cases since the last check, up to " + n + ", are the suspects)");
                }
                String broken = healthProblem();
                if (broken != null) {
                    failures.add("seed=" + seed + ": after case " + n + " " + broken
                            + "\n  (the cases since the last check, up to " + n + ", are the suspects)");
                    break;
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println(summary.format(seed, seconds));
        if (!failures.isEmpty()) {
            fail(failures.size() + " fuzz failure(s), seed=" + seed + ":\n\n" + String.join("\n\n", failures)
                    + "\n\n" + summary.format(seed, seconds));
        }
        summary.checkCoverage(generator.endpoints(), cases);
    }

    /** Each case's own random source: the seed and the case number mixed (SplitMix64's finalizer). */
    static long caseSeed(long seed, int n) {
        long z = seed + 0x9E3779B97F4A7C15L * (n + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Sends one case; returns what was wrong with the answer, or null. */
    private static String run(FuzzCases.Case c, FuzzSummary summary) {
        RawHttpClient.Reply r;
        try {
            r = http.send(c.method(), c.target(), c.contentType(), c.body(), REQUEST_TIMEOUT);
        } catch (RawHttpClient.HangException e) {
            summary.record(c, -1);
            return "HANG: " + e.getMessage();
        } catch (IOException e) {
            summary.record(c, -2);
            return "no response: " + e + (SERVER.process().isAlive() ? "" : " (the server process is gone)");
        }
        summary.record(c, r.status());
        if (VERBOSE) {
            System.out.println("case " + c.number() + " " + c.mode() + " " + c.changes() + " " + c.method() + " "
                    + abbreviate(c.target(), 200) + " " + abbreviate(printable(c.body() == null ? new byte[0] : c.body()), 300)
                    + "\n  -> " + r.status() + " " + abbreviate(r.text(), 300));
        }
        if (r.status() >= 500) {
            return "status " + r.status() + ": " + abbreviate(r.text(), 2000);
        }
        if (r.status() >= 200 && r.status() < 300) {
            return c.endpoint().enveloped() ? envelopeProblem(r, true) : null;
        }
        return envelopeProblem(r, false);
    }

    /** Null when the body is Qdrant's success envelope (or, for an error, its error envelope). */
    private static String envelopeProblem(RawHttpClient.Reply r, boolean success) {
        JsonNode json;
        try {
            json = RestClient.JSON.readTree(r.body());
        } catch (IOException e) {
            json = null;
        }
        String what = r.status() + " [" + r.contentType() + "] " + abbreviate(r.text(), 1000);
        if (json == null || !json.isObject()) {
            return "the body is not a JSON object: " + what;
        }
        if (!r.contentType().startsWith("application/json")) {
            return "the content type is not application/json: " + what;
        }
        if (!json.path("time").isNumber()) {
            return "no numeric `time` in the envelope: " + what;
        }
        if (success) {
            return json.path("status").asText().equals("ok") && json.has("result") ? null
                    : "not Qdrant's success envelope {\"result\", \"status\": \"ok\", \"time\"}: " + what;
        }
        if (!json.path("status").path("error").isTextual() || json.has("result")) {
            return "not Qdrant's error envelope {\"status\": {\"error\": \"...\"}, \"time\"}: " + what;
        }
        return null;
    }

    /**
     * Null when the server logged no error since the last look. The log shows faults no answer does: a write that
     * failed after a wait=false request was acknowledged, a Raft entry applied as a no-op, a snapshot that cannot be
     * written.
     */
    private static String logProblem() {
        try {
            List<String> errors = newLogErrors();
            return errors.isEmpty() ? null : "the server logged " + errors.size() + " error(s):\n    "
                    + String.join("\n    ", errors.subList(0, Math.min(5, errors.size())));
        } catch (IOException e) {
            return "the server log cannot be read: " + e;
        }
    }

    /** Null when the server is alive, ready, and the reference collection is exactly as it was. */
    private static String healthProblem() {
        if (!SERVER.process().isAlive()) {
            return "the server process died";
        }
        try {
            RawHttpClient.Reply ready = http.send("GET", "/readyz", null, null, REQUEST_TIMEOUT);
            if (ready.status() != 200 || !ready.text().equals("all shards are ready")) {
                return "/readyz answers " + ready.status() + " " + ready.text();
            }
            JsonNode now = referenceState();
            if (!now.equals(referenceState)) {
                return "the reference collection changed:\n  before: " + abbreviate(referenceState.toString(), 3000)
                        + "\n  after:  " + abbreviate(now.toString(), 3000);
            }
        } catch (IOException | RuntimeException | AssertionError e) {
            return "the health check failed: " + e;
        }
        return null;
    }

    /** The server log's ERROR lines (and fatal JVM errors) since the last call. */
    private static List<String> newLogErrors() throws IOException {
        Path storage = SERVER.process().storage();
        Path log = storage.resolveSibling(storage.getFileName() + ".log");
        byte[] all = Files.readAllBytes(log);
        String fresh = new String(all, (int) Math.min(logOffset, all.length), (int) Math.max(0, all.length - logOffset),
                StandardCharsets.UTF_8);
        logOffset = all.length;
        return fresh.lines().filter(l -> l.contains("] ERROR ") || l.contains("StackOverflowError")
                || l.contains("OutOfMemoryError")).map(l -> abbreviate(l, 500)).toList();
    }

    private static String describe(long seed, FuzzCases.Case c, String problem) {
        StringBuilder b = new StringBuilder();
        b.append("seed=").append(seed).append(" case=").append(c.number()).append(" (").append(c.mode())
                .append(c.changes().isEmpty() ? "" : " " + c.changes()).append("): ").append(problem);
        b.append("\n  replay: -Dfuzz.seed=").append(seed).append(" -Dfuzz.cases=").append(c.number() + 1);
        byte[] body = c.body() == null ? new byte[0] : c.body();
        String text = printable(body);
        boolean whole = text.length() <= 4000 && c.target().length() <= 1000;
        b.append("\n  request: ").append(c.method()).append(' ').append(abbreviate(c.target(), 1000));
        b.append("\n  content-type: ").append(c.contentType());
        b.append("\n  body (").append(body.length).append(" bytes): ").append(abbreviate(text, 4000));
        if (!whole) {
            b.append("\n  the whole request is in ").append(dump(seed, c));
        }
        return b.toString();
    }

    /** The body as text with bytes that are not printable UTF-8 written as \xNN, so it can be pasted back. */
    private static String printable(byte[] body) {
        String decoded = new String(body, StandardCharsets.UTF_8);
        if (java.util.Arrays.equals(decoded.getBytes(StandardCharsets.UTF_8), body) && decoded.chars().noneMatch(ch -> ch < 0x20 && ch != '\n')) {
            return decoded;
        }
        StringBuilder b = new StringBuilder();
        for (byte x : body) {
            int v = x & 0xFF;
            b.append(v >= 0x20 && v < 0x7F && v != '\\' ? String.valueOf((char) v) : String.format("\\x%02X", v));
        }
        return b.toString();
    }

    /** Writes the whole request, as sent, to target/ and returns the file's path. */
    private static String dump(long seed, FuzzCases.Case c) {
        Path file = Path.of("target", "fuzz-seed" + seed + "-case" + c.number() + ".http");
        try {
            Files.createDirectories(file.getParent());
            byte[] head = (c.method() + " " + c.target() + "\ncontent-type: " + c.contentType() + "\n\n")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] body = c.body() == null ? new byte[0] : c.body();
            byte[] all = java.util.Arrays.copyOf(head, head.length + body.length);
            System.arraycopy(body, 0, all, head.length, body.length);
            Files.write(file, all);
            return file.toAbsolutePath().toString();
        } catch (IOException e) {
            return "(could not write " + file + ": " + e.getMessage() + ")";
        }
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...(" + s.length() + " chars)";
    }

    /** The seed really determines the cases: generating a case twice gives the same request. */
    @Test
    void aCaseIsReplayedFromItsSeed() {
        FuzzCases generator = new FuzzCases(targets);
        for (int n = 0; n < 200; n++) {
            FuzzCases.Case a = generator.generate(new SplittableRandom(caseSeed(42, n)), n);
            FuzzCases.Case b = generator.generate(new SplittableRandom(caseSeed(42, n)), n);
            assertEquals(a.method() + " " + a.target() + " " + a.contentType(), b.method() + " " + b.target() + " " + b.contentType());
            assertTrue(java.util.Arrays.equals(a.body(), b.body()), () -> "case body differs for " + a.target());
        }
    }
}
