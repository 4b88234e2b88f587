package io.atoll.api.rest;

import static io.atoll.testing.QdrantAssertions.error;
import static io.atoll.testing.QdrantAssertions.ok;
import static io.atoll.testing.QdrantAssertions.serves;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.QdrantApi;
import io.atoll.testing.RestClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every endpoint that takes input, fed systematically broken input derived from a valid body: malformed JSON, a
 * body that is not an object, each field given a value of the wrong type, an unknown field in each object, each
 * required field left out, an unknown collection and bad query parameters. Each must answer a 4xx in Qdrant's
 * envelope whose message names the problem, leave every collection, alias and point exactly as it was, and leave
 * the server serving.
 */
class BadInputSweepTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String UNKNOWN = "zzz_unknown";
    /** Objects whose keys are data, not fields: never given an unknown field, never walked into. */
    private static final Set<String> DATA = Set.of("payload", "payloads");
    /** Fields for which a scalar of another type is valid input too (match.value takes strings, ints and bools). */
    private static final Set<String> ANY_SCALAR = Set.of("value");

    private static String single;
    private static String named;
    private static String alias;
    private static JsonNode baseline;
    private static int fresh;

    /** One endpoint: a valid body to break, the fields it requires (JSON pointers), and whether it writes. */
    record Endpoint(String method, String path, String body, List<String> required, boolean write) {
        @Override
        public String toString() {
            return method + " " + path + (body == null ? "" : " " + body.length() + "b");
        }
    }

    private static RestClient client() {
        return SERVER.client();
    }

    @BeforeAll
    static void createCollections() {
        QdrantApi api = new QdrantApi(client());
        single = AtollServerExtension.collection("sweep_single");
        named = AtollServerExtension.collection("sweep_named");
        alias = single + "_alias";
        api.createCollection(single, Map.of("vectors", Map.of("size", 3, "distance", "Euclid")));
        api.createCollection(named, RestClient.parse(NAMED_VECTORS));
        api.upsert(single, RestClient.parse(SINGLE_POINTS));
        api.upsert(named, RestClient.parse(NAMED_POINTS));
        ok(client().post("/collections/aliases", RestClient.parse("""
                {"actions": [{"create_alias": {"collection_name": "%s", "alias_name": "%s"}}]}""".formatted(single, alias))));
    }

    /** Everything a refused request must leave as it was. */
    private static JsonNode state() {
        QdrantApi api = new QdrantApi(client());
        ObjectNode s = F.objectNode();
        s.set("collections", ok(client().get("/collections")));
        s.set("aliases", ok(client().get("/aliases")));
        for (String c : List.of(single, named)) {
            JsonNode info = api.info(c);
            ObjectNode kept = s.putObject(c);
            kept.set("config", info.get("config"));
            kept.set("payload_schema", info.get("payload_schema"));
            kept.set("points_count", info.get("points_count"));
            ArrayNode points = kept.putArray("points");
            api.scrollAll(c).forEach(points::add);
        }
        return s;
    }

    private static final String NAMED_VECTORS = """
            {"vectors": {"text": {"size": 2, "distance": "Dot"}, "image": {"size": 3, "distance": "Euclid"}}}""";

    private static final String SINGLE_POINTS = """
            [{"id": 1, "vector": [1, 0, 0], "payload": {"city": "Berlin", "n": 1, "tags": ["a"], "loc": {"lon": 0.1, "lat": 0.1},
                                                      "reviews": [{"stars": 5}], "desc": "the quick fox", "created": "2024-01-01T00:00:00Z"}},
             {"id": 2, "vector": [0, 1, 0], "payload": {"city": "Rome", "n": 2}},
             {"id": 3, "vector": [0, 0, 1], "payload": {"city": "Oslo"}},
             {"id": 4, "vector": [1, 1, 0]},
             {"id": 5, "vector": [1, 1, 1], "payload": {"city": "Berlin"}},
             {"id": "7c6a5bb4-1111-4000-8000-000000000001", "vector": [2, 2, 2]}]""";

    private static final String NAMED_POINTS = """
            [{"id": 1, "vector": {"text": [1, 0], "image": [1, 1, 1]}},
             {"id": 2, "vector": {"text": [0, 1], "image": [2, 2, 2]}},
             {"id": 3, "vector": {"text": [1, 1]}}]""";

    private static final String FILTER_SMALL = """
            {"must": [{"key": "city", "match": {"value": "Berlin"}}, {"key": "n", "range": {"gte": 0, "lt": 100}}],
             "must_not": [{"has_id": [3]}]}""";

    private static final String FILTER_BIG = """
            {"must": [{"key": "city", "match": {"value": "Berlin"}}, {"key": "n", "range": {"gte": 0, "lt": 100}},
                      {"key": "created", "range": {"gte": "2020-01-01T00:00:00Z"}}],
             "should": [{"key": "tags", "match": {"any": ["a", "b"]}}, {"key": "tags", "match": {"except": ["z"]}},
                        {"has_id": [1, 2, 3]}, {"key": "desc", "match": {"text": "quick"}}],
             "must_not": [{"is_empty": {"key": "zz"}}, {"is_null": {"key": "zz"}},
                          {"key": "loc", "geo_radius": {"center": {"lon": 50.0, "lat": 50.0}, "radius": 1000.0}}],
             "min_should": {"conditions": [
                 {"key": "loc", "geo_bounding_box": {"top_left": {"lon": -1.0, "lat": 1.0}, "bottom_right": {"lon": 1.0, "lat": -1.0}}},
                 {"key": "loc", "geo_polygon": {"exterior": {"points": [{"lon": 0, "lat": 0}, {"lon": 1, "lat": 0}, {"lon": 1, "lat": 1}, {"lon": 0, "lat": 0}]},
                                                "interiors": []}},
                 {"key": "tags", "values_count": {"gte": 1, "lt": 10}},
                 {"nested": {"key": "reviews", "filter": {"must": [{"key": "stars", "match": {"value": 5}}]}}}],
               "min_count": 1}}""";

    private static final String SEARCH = """
            {"vector": [1, 2, 3], "limit": 3, "offset": 0, "filter": %s, "with_payload": true, "with_vector": false,
             "score_threshold": 100.0, "params": {"hnsw_ef": 32, "exact": false}}""".formatted(FILTER_SMALL);

    private static final String QUERY = """
            {"query": [1, 2, 3], "limit": 3, "offset": 0, "filter": %s, "with_payload": ["city"], "with_vector": false,
             "score_threshold": 100.0, "params": {"hnsw_ef": 32, "exact": false}}""".formatted(FILTER_SMALL);

    private static List<Endpoint> endpoints() {
        String c = "/collections/{c}";
        String n = "/collections/{n}";
        return List.of(
                new Endpoint("PUT", "/collections/{new}", """
                        {"vectors": {"size": 3, "distance": "Euclid", "on_disk": false, "hnsw_config": {"m": 8, "ef_construct": 64}},
                         "shard_number": 2, "replication_factor": 1, "write_consistency_factor": 1, "on_disk_payload": true,
                         "hnsw_config": {"m": 16, "ef_construct": 100, "full_scan_threshold": 10000, "on_disk": false}}""",
                        List.of("/vectors/size", "/vectors/distance"), true),
                new Endpoint("PUT", "/collections/{new}", """
                        {"vectors": {"text": {"size": 2, "distance": "Dot"}, "image": {"size": 3, "distance": "Cosine"}}}""",
                        List.of("/vectors/text/size", "/vectors/image/distance"), true),
                new Endpoint("PATCH", c, """
                        {"params": {"replication_factor": 1, "write_consistency_factor": 1, "on_disk_payload": true},
                         "hnsw_config": {"m": 16, "ef_construct": 100}}""", List.of(), true),
                new Endpoint("PATCH", n, """
                        {"vectors": {"text": {"on_disk": false, "hnsw_config": {"m": 16}}}}""", List.of(), true),
                new Endpoint("DELETE", c, null, List.of(), true),
                new Endpoint("PUT", c + "/index", """
                        {"field_name": "city", "field_schema": "keyword"}""", List.of("/field_name", "/field_schema"), true),
                new Endpoint("PUT", c + "/index", """
                        {"field_name": "desc", "field_schema": {"type": "text", "tokenizer": "word", "lowercase": true, "min_token_len": 2}}""",
                        List.of("/field_schema/type"), true),
                new Endpoint("PUT", c + "/index", """
                        {"field_name": "n", "field_schema": {"type": "integer", "lookup": true, "range": true}}""", List.of(), true),
                new Endpoint("DELETE", c + "/index/city", null, List.of(), true),
                new Endpoint("POST", "/collections/aliases", """
                        {"actions": [{"create_alias": {"collection_name": "{c}", "alias_name": "sweep_new_alias"}},
                                     {"rename_alias": {"old_alias_name": "{alias}", "new_alias_name": "sweep_renamed"}},
                                     {"delete_alias": {"alias_name": "sweep_renamed"}}]}""",
                        List.of("/actions", "/actions/0/create_alias/collection_name", "/actions/0/create_alias/alias_name",
                                "/actions/1/rename_alias/old_alias_name", "/actions/1/rename_alias/new_alias_name",
                                "/actions/2/delete_alias/alias_name"), true),
                new Endpoint("PUT", c + "/points", """
                        {"points": [{"id": 101, "vector": [0.5, 1.5, 2.5], "payload": {"city": "Lima"}},
                                    {"id": "7c6a5bb4-2222-4000-8000-000000000002", "vector": [1, 2, 3]}]}""",
                        List.of("/points", "/points/0/id", "/points/0/vector"), true),
                new Endpoint("PUT", c + "/points", """
                        {"batch": {"ids": [101, 102], "vectors": [[1, 2, 3], [4, 5, 6]], "payloads": [{"a": 1}, {"a": 2}]}}""",
                        List.of("/batch", "/batch/ids", "/batch/vectors"), true),
                new Endpoint("PUT", n + "/points", """
                        {"points": [{"id": 101, "vector": {"text": [1, 2], "image": [1, 2, 3]}}]}""",
                        List.of("/points/0/id", "/points/0/vector"), true),
                new Endpoint("POST", c + "/points/delete", """
                        {"points": [1, 2]}""", List.of("/points"), true),
                new Endpoint("POST", c + "/points/delete", """
                        {"filter": %s}""".formatted(FILTER_SMALL), List.of("/filter", "/filter/must/0/key"), true),
                new Endpoint("POST", c + "/points/payload", """
                        {"payload": {"x": 1}, "points": [1, 2], "key": "meta"}""", List.of("/payload", "/points"), true),
                new Endpoint("POST", c + "/points/payload", """
                        {"payload": {"x": 1}, "filter": %s}""".formatted(FILTER_SMALL), List.of("/payload"), true),
                new Endpoint("PUT", c + "/points/payload", """
                        {"payload": {"x": 1}, "points": [1]}""", List.of("/payload", "/points"), true),
                new Endpoint("POST", c + "/points/payload/delete", """
                        {"keys": ["city"], "points": [1]}""", List.of("/keys", "/points"), true),
                new Endpoint("POST", c + "/points/payload/clear", """
                        {"points": [1]}""", List.of("/points"), true),
                new Endpoint("PUT", c + "/points/vectors", """
                        {"points": [{"id": 1, "vector": [3, 3, 3]}]}""", List.of("/points", "/points/0/id", "/points/0/vector"), true),
                new Endpoint("PUT", n + "/points/vectors", """
                        {"points": [{"id": 1, "vector": {"image": [3, 3, 3]}}]}""", List.of("/points/0/vector"), true),
                new Endpoint("POST", n + "/points/vectors/delete", """
                        {"points": [1], "vector": ["image"]}""", List.of("/vector", "/points"), true),
                new Endpoint("POST", c + "/points/batch", """
                        {"operations": [
                          {"upsert": {"points": [{"id": 201, "vector": [1, 2, 3]}]}},
                          {"set_payload": {"payload": {"x": 1}, "points": [201]}},
                          {"delete": {"points": [2]}},
                          {"overwrite_payload": {"payload": {"y": 1}, "points": [3]}},
                          {"delete_payload": {"keys": ["city"], "points": [5]}},
                          {"clear_payload": {"points": [1]}},
                          {"update_vectors": {"points": [{"id": 1, "vector": [3, 3, 3]}]}}]}""",
                        List.of("/operations", "/operations/0/upsert/points", "/operations/1/set_payload/payload",
                                "/operations/6/update_vectors/points/0/vector"), true),
                new Endpoint("POST", n + "/points/batch", """
                        {"operations": [{"delete_vectors": {"points": [1], "vector": ["text"]}},
                                        {"upsert": {"batch": {"ids": [7], "vectors": {"text": [[1, 2]]}}}}]}""",
                        List.of("/operations/0/delete_vectors/vector"), true),
                new Endpoint("GET", c + "/points/1", null, List.of(), false),
                new Endpoint("POST", c + "/points", """
                        {"ids": [1, 2], "with_payload": {"include": ["city"]}, "with_vector": true}""", List.of("/ids"), false),
                new Endpoint("POST", n + "/points", """
                        {"ids": [1], "with_payload": {"exclude": ["city"]}, "with_vector": ["image"]}""", List.of("/ids"), false),
                new Endpoint("POST", c + "/points/scroll", """
                        {"filter": %s, "limit": 3, "offset": 1, "with_payload": ["city"], "with_vector": false}"""
                        .formatted(FILTER_SMALL), List.of(), false),
                new Endpoint("POST", c + "/points/count", """
                        {"filter": %s, "exact": true}""".formatted(FILTER_BIG),
                        List.of("/filter/must/0/key", "/filter/must/1/range", "/filter/must_not/2/geo_radius/center",
                                "/filter/must_not/2/geo_radius/radius", "/filter/min_should/conditions",
                                "/filter/min_should/min_count", "/filter/min_should/conditions/0/geo_bounding_box/top_left",
                                "/filter/min_should/conditions/1/geo_polygon/exterior",
                                "/filter/min_should/conditions/1/geo_polygon/exterior/points",
                                "/filter/min_should/conditions/3/nested/key", "/filter/min_should/conditions/3/nested/filter",
                                "/filter/must_not/0/is_empty/key"), false),
                new Endpoint("POST", c + "/points/search", SEARCH, List.of("/vector", "/limit"), false),
                new Endpoint("POST", n + "/points/search", """
                        {"vector": {"name": "image", "vector": [1, 2, 3]}, "limit": 2}""",
                        List.of("/vector/name", "/vector/vector"), false),
                new Endpoint("POST", c + "/points/search/batch", """
                        {"searches": [%s, {"vector": [3, 2, 1], "limit": 1}]}""".formatted(SEARCH),
                        List.of("/searches", "/searches/1/vector", "/searches/0/limit"), false),
                new Endpoint("POST", c + "/points/query", QUERY, List.of(), false),
                new Endpoint("POST", n + "/points/query", """
                        {"query": {"nearest": [1, 2, 3]}, "using": "image", "limit": 2, "with_vector": ["text"]}""",
                        List.of("/query/nearest"), false),
                new Endpoint("POST", c + "/points/query", """
                        {"query": 1, "limit": 2}""", List.of(), false),
                new Endpoint("POST", c + "/points/query/batch", """
                        {"searches": [%s, {"query": 2}]}""".formatted(QUERY), List.of("/searches"), false));
    }

    private static String resolve(String path, String collection) {
        return path.replace("{c}", collection).replace("{n}", named).replace("{alias}", alias)
                .replace("{new}", "sweep_new_" + (++fresh));
    }

    private static String resolve(String path) {
        return resolve(path, single);
    }

    private static JsonNode base(Endpoint e) {
        return RestClient.parse(resolve(e.body()));
    }

    /**
     * Sends one bad request and checks the answer, the server's health and, after a request to a writing endpoint,
     * that nothing changed (reads are not re-checked: it would double the sweep's time to watch for the impossible).
     */
    private static void refused(String method, String path, Object body, int status, String... words) {
        RestClient.Response r = client().send(method, path, body);
        error(r, status, words);
        serves(client());
        if (writes(method, path)) {
            assertEquals(baseline, state(), () -> "a refused " + method + " " + path + " changed the state; body " + body);
        }
    }

    private static final List<String> READS = List.of("/points", "/points/scroll", "/points/count", "/points/search",
            "/points/search/batch", "/points/query", "/points/query/batch");

    private static boolean writes(String method, String path) {
        String p = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        return !method.equals("GET") && !(method.equals("POST") && READS.stream().anyMatch(p::endsWith));
    }

    // ---------------------------------------------------------------- the sweep

    @TestFactory
    Stream<DynamicNode> everyEndpointRefusesBadInput() {
        baseline = state();
        List<DynamicNode> out = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            List<DynamicNode> cases = new ArrayList<>();
            if (e.body() != null) {
                malformed(e, cases);
                wrongTypes(e, cases);
                unknownFields(e, cases);
                for (String pointer : e.required()) {
                    String leaf = pointer.substring(pointer.lastIndexOf('/') + 1);
                    cases.add(dynamicTest("missing " + pointer, () -> {
                        JsonNode body = base(e);
                        remove(body, pointer);
                        refused(e.method(), resolve(e.path()), body, 400, leaf);
                    }));
                }
            }
            if (e.method().equals("DELETE") && e.path().equals("/collections/{c}")) {
                String missing = AtollServerExtension.collection("sweep_missing");
                // As Qdrant: dropping a collection that is not there answers false, not 404.
                cases.add(dynamicTest("unknown collection", () -> assertEquals(false,
                        ok(client().send("DELETE", resolve(e.path(), missing), null)).asBoolean())));
            } else if (e.path().contains("{c}") || e.path().contains("{n}")) {
                String missing = AtollServerExtension.collection("sweep_missing");
                cases.add(dynamicTest("unknown collection", () -> refused(e.method(), resolve(e.path(), missing).replace(named, missing),
                        e.body() == null ? null : base(e), 404, "Not found", missing)));
            }
            queryParams(e, cases);
            out.add(dynamicContainer(e.toString(), cases));
        }
        return out.stream();
    }

    private static void malformed(Endpoint e, List<DynamicNode> cases) {
        Map<String, Object> bodies = new java.util.LinkedHashMap<>();
        bodies.put("truncated JSON", "{\"a\": ");
        bodies.put("single-quoted JSON", "{'a': 1}");
        bodies.put("an array", "[1, 2]");
        bodies.put("a string", "\"text\"");
        bodies.put("a number", "42");
        bodies.put("null", "null");
        bodies.put("invalid UTF-8", new byte[] {'{', '"', (byte) 0xff, (byte) 0xfe, '"', ':', '1', '}'});
        bodies.put("a second JSON value after the first", resolve(e.body()) + " {}");
        bodies.put("a stray closing brace", resolve(e.body()) + "}");
        bodies.put("a field given twice", duplicated(resolve(e.body())));
        Map<String, String> words = Map.of("an array", "object", "a string", "object", "a number", "object",
                "null", "object", "a second JSON value after the first", "trailing", "a field given twice", "duplicate");
        bodies.forEach((what, body) -> cases.add(dynamicTest(what, () ->
                refused(e.method(), resolve(e.path()), body, 400, "Format error in JSON body", words.getOrDefault(what, "")))));
        if (!e.method().equals("PATCH") && !e.path().endsWith("/scroll") && !e.path().endsWith("/count")) {
            cases.add(dynamicTest("an empty body", () -> refused(e.method(), resolve(e.path()), "", 400, "JSON body")));
        }
    }

    /** The body with its first field written twice. */
    private static String duplicated(String json) {
        JsonNode n = RestClient.parse(json);
        String first = n.fieldNames().next();
        return "{\"" + first + "\": " + n.get(first) + ", " + json.trim().substring(1);
    }

    private static void wrongTypes(Endpoint e, List<DynamicNode> cases) {
        for (Field f : fields(base(e))) {
            cases.add(dynamicTest(f.pointer() + " as [[[]]]", () -> {
                JsonNode body = base(e);
                set(body, f.pointer(), RestClient.parse("[[[]]]"));
                boolean oneRow = body.at(f.pointer().replaceAll("/vectors(/[^/]*)?$", "/ids")).size() == 1;
                if (f.pointer().contains("/batch/vectors") && oneRow) {
                    // a row of one empty multivector for the batch's one id: well-formed, and invalid (Qdrant's 422)
                    refused(e.method(), resolve(e.path()), body, 422, "all vectors must be non-empty");
                } else {
                    refused(e.method(), resolve(e.path()), body, 400, f.name());
                }
            }));
            if (!ANY_SCALAR.contains(f.name())) {
                JsonNode wrong = f.value().isTextual() ? F.booleanNode(true) : F.textNode("wrong");
                cases.add(dynamicTest(f.pointer() + " as " + wrong, () -> {
                    JsonNode body = base(e);
                    set(body, f.pointer(), wrong);
                    refused(e.method(), resolve(e.path()), body, 400, f.name());
                }));
            }
        }
    }

    private static void unknownFields(Endpoint e, List<DynamicNode> cases) {
        List<String> objects = new ArrayList<>();
        objects.add("");
        for (Field f : fields(base(e))) {
            if (f.value().isObject() && !DATA.contains(f.name())) {
                objects.add(f.pointer());
            }
        }
        for (String pointer : objects) {
            cases.add(dynamicTest("unknown field in " + (pointer.isEmpty() ? "the body" : pointer), () -> {
                JsonNode body = base(e);
                ((ObjectNode) body.at(pointer)).put(UNKNOWN, 1);
                refused(e.method(), resolve(e.path()), body, 400, UNKNOWN);
            }));
        }
    }

    private static void queryParams(Endpoint e, List<DynamicNode> cases) {
        Map<String, String> bad = e.write()
                ? Map.of("wait=maybe", "wait", "ordering=fast", "ordering", "timeout=soon", "timeout")
                : Map.of("consistency=bogus", "consistency", "consistency=0", "consistency", "timeout=-5", "timeout");
        bad.forEach((param, word) -> cases.add(dynamicTest("?" + param, () ->
                refused(e.method(), resolve(e.path()) + "?" + param, e.body() == null ? null : base(e), 400, word))));
    }

    // ---------------------------------------------------------------- walking a body

    /** A field somewhere in a body: its JSON pointer, its own name, its valid value. */
    record Field(String pointer, String name, JsonNode value) {
    }

    private static List<Field> fields(JsonNode body) {
        List<Field> out = new ArrayList<>();
        walk(body, "", null, out);
        return out;
    }

    private static void walk(JsonNode node, String pointer, String name, List<Field> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                String p = pointer + "/" + e.getKey();
                out.add(new Field(p, e.getKey(), e.getValue()));
                if (!DATA.contains(e.getKey())) {
                    walk(e.getValue(), p, e.getKey(), out);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (node.get(i).isObject()) {
                    walk(node.get(i), pointer + "/" + i, name, out);
                }
            }
        }
    }

    private static void set(JsonNode body, String pointer, JsonNode value) {
        int cut = pointer.lastIndexOf('/');
        JsonNode parent = body.at(pointer.substring(0, cut));
        String key = pointer.substring(cut + 1);
        if (parent.isArray()) {
            ((ArrayNode) parent).set(Integer.parseInt(key), value);
        } else {
            ((ObjectNode) parent).set(key, value);
        }
    }

    private static void remove(JsonNode body, String pointer) {
        int cut = pointer.lastIndexOf('/');
        JsonNode parent = body.at(pointer.substring(0, cut));
        assertFalse(parent.isMissingNode(), pointer);
        ((ObjectNode) parent).remove(pointer.substring(cut + 1));
    }

    // ---------------------------------------------------------------- bodies that are valid

    /**
     * The sweep is only as good as its bodies: each one, unbroken, must be accepted. Run on copies of the
     * collections, restored before each endpoint, so the sweep's own collections stay as they were.
     */
    @Test
    void everyValidBodyIsAccepted() {
        QdrantApi api = new QdrantApi(client());
        String copy = AtollServerExtension.collection("sweep_copy");
        String namedCopy = copy + "_named";
        String copyAlias = copy + "_alias";
        api.createCollection(copy, Map.of("vectors", Map.of("size", 3, "distance", "Euclid")));
        api.createCollection(namedCopy, RestClient.parse(NAMED_VECTORS));
        for (Endpoint e : endpoints()) {
            api.upsert(copy, RestClient.parse(SINGLE_POINTS));
            api.upsert(namedCopy, RestClient.parse(NAMED_POINTS));
            ok(client().post("/collections/aliases", RestClient.parse("""
                    {"actions": [{"create_alias": {"collection_name": "%s", "alias_name": "%s"}}]}""".formatted(copy, copyAlias))));
            ok(client().put("/collections/" + copy + "/index?wait=true", Map.of("field_name", "city", "field_schema", "keyword")));
            String target = copy;
            if (e.method().equals("DELETE") && e.path().equals("/collections/{c}")) {
                target = copy + "_doomed";
                api.createCollection(target, Map.of("vectors", Map.of("size", 3, "distance", "Euclid")));
            }
            String path = e.path().replace("{c}", target).replace("{n}", namedCopy).replace("{new}", AtollServerExtension.collection("sweep_created"));
            String body = e.body() == null ? null : e.body().replace("{c}", copy).replace("{alias}", copyAlias)
                    .replace("sweep_new_alias", copy + "_a2").replace("sweep_renamed", copy + "_a3");
            RestClient.Response r = client().send(e.method(), path, body);
            assertEquals(200, r.status(), () -> e + " with its valid body: " + r);
        }
    }
}
