package io.atoll.api.rest;

import static io.atoll.testing.QdrantAssertions.clientError;
import static io.atoll.testing.QdrantAssertions.error;
import static io.atoll.testing.QdrantAssertions.ok;
import static io.atoll.testing.QdrantAssertions.serves;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.security.SecuritySettings;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad values rather than bad shapes: wrong vector dimensions and names, non-finite numbers, invalid ids, huge
 * numbers, empty arrays, deep nesting, oversized bodies, unknown routes, and requests that fail part-way through
 * their input. Each is refused with a 4xx naming the problem, applies nothing, and leaves the server serving.
 */
class BadInputValuesTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static String single;
    private static String named;

    private static RestClient client() {
        return SERVER.client();
    }

    private static QdrantApi api() {
        return new QdrantApi(client());
    }

    @BeforeAll
    static void createCollections() {
        single = AtollServerExtension.collection("values_single");
        named = AtollServerExtension.collection("values_named");
        api().createCollection(single, Map.of("vectors", Map.of("size", 3, "distance", "Euclid"), "shard_number", 3));
        api().createCollection(named, RestClient.parse("""
                {"vectors": {"text": {"size": 2, "distance": "Dot"}, "image": {"size": 3, "distance": "Euclid"}}}"""));
        List<Object> points = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            points.add(Map.of("id", i, "vector", List.of(i, 0, -i), "payload", Map.of("n", i)));
        }
        api().upsert(single, points);
        api().upsert(named, RestClient.parse("""
                [{"id": 1, "vector": {"text": [1, 0], "image": [1, 1, 1]}},
                 {"id": 2, "vector": {"text": [0, 1], "image": [2, 2, 2]}}]"""));
    }

    /** Both collections' points with payloads and vectors, their configs, and the aliases. */
    private static JsonNode state() {
        ObjectNode s = F.objectNode();
        for (String c : List.of(single, named)) {
            ArrayNode points = s.putArray(c);
            api().scrollAll(c).forEach(points::add);
            s.set(c + "_config", api().info(c).get("config"));
        }
        s.set("collections", ok(client().get("/collections")));
        s.set("aliases", ok(client().get("/aliases")));
        return s;
    }

    /** A request refused with {@code status} and a message naming {@code words}, that changed nothing. */
    private static void refused(int status, String method, String path, Object body, String... words) {
        JsonNode before = state();
        RestClient.Response r = client().send(method, path, body);
        error(r, status, words);
        serves(client());
        assertEquals(before, state(), () -> "refused " + method + " " + path + " changed the state: " + body);
    }

    private static String c(String suffix) {
        return "/collections/" + single + suffix;
    }

    private static String n(String suffix) {
        return "/collections/" + named + suffix;
    }

    // ---------------------------------------------------------------- vectors

    @Test
    void wrongVectorDimensionIsRefusedWhereverAVectorIsGiven() {
        List<String[]> cases = List.of(
                new String[] {"PUT", c("/points"), "{\"points\": [{\"id\": 50, \"vector\": [1, 2]}]}"},
                new String[] {"PUT", c("/points"), "{\"points\": [{\"id\": 50, \"vector\": [1, 2, 3, 4]}]}"},
                new String[] {"PUT", c("/points"), "{\"batch\": {\"ids\": [50, 51], \"vectors\": [[1, 2, 3], [1, 2]]}}"},
                new String[] {"PUT", n("/points"), "{\"points\": [{\"id\": 50, \"vector\": {\"image\": [1, 2]}}]}"},
                new String[] {"PUT", c("/points/vectors"), "{\"points\": [{\"id\": 1, \"vector\": [1, 2, 3, 4]}]}"},
                new String[] {"PUT", n("/points/vectors"), "{\"points\": [{\"id\": 1, \"vector\": {\"text\": [1, 2, 3]}}]}"},
                new String[] {"POST", c("/points/search"), "{\"vector\": [1, 2], \"limit\": 1}"},
                new String[] {"POST", n("/points/search"), "{\"vector\": {\"name\": \"text\", \"vector\": [1]}, \"limit\": 1}"},
                new String[] {"POST", c("/points/search/batch"), "{\"searches\": [{\"vector\": [1, 2, 3], \"limit\": 1}, {\"vector\": [1], \"limit\": 1}]}"},
                new String[] {"POST", c("/points/query"), "{\"query\": [1, 2, 3, 4, 5]}"},
                new String[] {"POST", n("/points/query"), "{\"query\": {\"nearest\": [1, 2, 3]}, \"using\": \"text\"}"},
                new String[] {"POST", c("/points/query/batch"), "{\"searches\": [{\"query\": [1, 2]}]}"},
                new String[] {"POST", c("/points/batch"), "{\"operations\": [{\"upsert\": {\"points\": [{\"id\": 50, \"vector\": [1]}]}}]}"});
        for (String[] k : cases) {
            refused(400, k[0], k[1], k[2], "Vector dimension error", "expected dim");
        }
    }

    @Test
    void emptyVectorIsAWrongDimension() {
        refused(400, "PUT", c("/points"), "{\"points\": [{\"id\": 50, \"vector\": []}]}", "dimension", "got 0");
        refused(400, "POST", c("/points/search"), "{\"vector\": [], \"limit\": 1}", "dimension", "got 0");
        refused(400, "POST", c("/points/query"), "{\"query\": []}", "dimension", "got 0");
    }

    @Test
    void unknownVectorNameIsRefused() {
        List<String[]> cases = List.of(
                new String[] {"PUT", n("/points"), "{\"points\": [{\"id\": 50, \"vector\": {\"nope\": [1, 2]}}]}"},
                new String[] {"PUT", c("/points"), "{\"points\": [{\"id\": 50, \"vector\": {\"nope\": [1, 2, 3]}}]}"},
                new String[] {"PUT", n("/points"), "{\"batch\": {\"ids\": [50], \"vectors\": {\"nope\": [[1, 2]]}}}"},
                new String[] {"POST", n("/points/search"), "{\"vector\": {\"name\": \"nope\", \"vector\": [1, 2]}, \"limit\": 1}"},
                new String[] {"POST", n("/points/query"), "{\"query\": [1, 2], \"using\": \"nope\"}"},
                new String[] {"POST", n("/points/query"), "{\"query\": 1, \"using\": \"nope\"}"},
                new String[] {"POST", c("/points/query"), "{\"query\": [1, 2, 3], \"using\": \"nope\"}"},
                new String[] {"POST", n("/points"), "{\"ids\": [1], \"with_vector\": [\"nope\"]}"},
                new String[] {"POST", n("/points/scroll"), "{\"with_vector\": [\"text\", \"nope\"]}"},
                new String[] {"POST", n("/points/search"), "{\"vector\": {\"name\": \"text\", \"vector\": [1, 2]}, \"limit\": 1, \"with_vector\": [\"nope\"]}"},
                new String[] {"POST", n("/points/query"), "{\"query\": [1, 2], \"using\": \"text\", \"with_vector\": [\"nope\"]}"},
                new String[] {"PUT", n("/points/vectors"), "{\"points\": [{\"id\": 1, \"vector\": {\"nope\": [1, 2]}}]}"},
                new String[] {"POST", n("/points/vectors/delete"), "{\"points\": [1], \"vector\": [\"nope\"]}"},
                new String[] {"PATCH", n(""), "{\"vectors\": {\"nope\": {\"on_disk\": true}}}"});
        for (String[] k : cases) {
            refused(400, k[0], k[1], k[2], "Not existing vector name", "nope");
        }
        // a collection with named vectors has no unnamed one
        refused(400, "POST", n("/points/search"), "{\"vector\": [1, 2], \"limit\": 1}", "Not existing vector name");
        refused(400, "PUT", n("/points"), "{\"points\": [{\"id\": 50, \"vector\": [1, 2]}]}", "Not existing vector name");
    }

    @Test
    void nonFiniteNumbersInVectorsAreRefused() {
        Map<String, String> values = Map.of("NaN", "NaN", "Infinity", "Infinity", "-Infinity", "Infinity",
                "1e999", "finite", "-1e999", "finite", "3.5e38", "finite");
        values.forEach((value, word) -> {
            List<String[]> cases = List.of(
                    new String[] {"PUT", c("/points"), "{\"points\": [{\"id\": 50, \"vector\": [1, " + value + ", 3]}]}"},
                    new String[] {"PUT", c("/points"), "{\"batch\": {\"ids\": [50], \"vectors\": [[1, 2, " + value + "]]}}"},
                    new String[] {"PUT", n("/points"), "{\"points\": [{\"id\": 50, \"vector\": {\"text\": [" + value + ", 1]}}]}"},
                    new String[] {"PUT", c("/points/vectors"), "{\"points\": [{\"id\": 1, \"vector\": [" + value + ", 1, 1]}]}"},
                    new String[] {"POST", c("/points/search"), "{\"vector\": [1, 1, " + value + "], \"limit\": 1}"},
                    new String[] {"POST", c("/points/query"), "{\"query\": [" + value + ", 1, 1]}"},
                    new String[] {"POST", c("/points/batch"), "{\"operations\": [{\"upsert\": {\"points\": [{\"id\": 50, \"vector\": [1, 1, " + value + "]}]}}]}"});
            for (String[] k : cases) {
                refused(400, k[0], k[1], k[2], word);
            }
        });
    }

    @Test
    void nonFiniteNumbersElsewhereAreRefused() {
        refused(400, "POST", c("/points/search"), "{\"vector\": [1, 1, 1], \"limit\": 1, \"score_threshold\": 1e999}",
                "score_threshold", "finite");
        refused(400, "POST", c("/points/count"), "{\"filter\": {\"must\": [{\"key\": \"n\", \"range\": {\"gt\": -1e999}}]}}", "gt", "finite");
        refused(400, "POST", c("/points/count"), "{\"filter\": {\"must\": [{\"key\": \"n\", \"range\": {\"gt\": NaN}}]}}", "NaN");
        refused(400, "POST", c("/points/count"), "{\"filter\": {\"must\": [{\"key\": \"loc\", \"geo_radius\": "
                + "{\"center\": {\"lon\": 0, \"lat\": 0}, \"radius\": 1e999}}]}}", "radius", "finite");
    }

    @Test
    void loneSurrogatesAreRefusedInStringsAndKeys() {
        // found by ApiFuzzTest: the upsert was accepted by the parser and failed with 500 where it was serialized
        refused(400, "PUT", c("/points?wait=true"),
                "{\"points\": [{\"id\": 50, \"vector\": [1, 1, 1], \"payload\": {\"a\": \"x\\ud800\"}}]}", "points[0].payload.a", "surrogate");
        refused(400, "PUT", c("/points?wait=true"),
                "{\"points\": [{\"id\": 50, \"vector\": [1, 1, 1], \"payload\": {\"\\udc00\": 1}}]}", "points[0].payload", "surrogate");
        refused(400, "POST", c("/points/payload?wait=true"), "{\"payload\": {\"b\": [\"\\udfff\\ud800\"]}, \"points\": [1]}",
                "payload.b[0]", "surrogate");
        refused(400, "POST", "/collections/aliases", "{\"actions\": [{\"create_alias\": {\"collection_name\": \"" + single
                + "\", \"alias_name\": \"\\ud800\"}}]}", "alias_name", "surrogate");
        // the same surrogate as (invalid) UTF-8 bytes, which Jackson decodes rather than refuses
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes("{\"payload\": {\"c\": \"".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        body.writeBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        body.writeBytes("\"}, \"points\": [1]}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        refused(400, "POST", c("/points/payload?wait=true"), body.toByteArray(), "payload.c", "surrogate");
        // a well-formed pair is a character like any other
        ok(client().post(c("/points/count"), "{\"filter\": {\"must\": [{\"key\": \"\\ud83e\\udd80\", \"match\": {\"value\": \"\\ud83e\\udd80\"}}]}}"));
    }

    @Test
    void stringsTooLongToBeReadBackAsKeysAreRefused() {
        // found by ApiFuzzTest: the index's field name became a key of a Raft log entry no node could decode (applied
        // as a no-op after a 10 s wait); the set_payload key one of the point's payload, which no read could return
        refused(422, "PUT", c("/index?wait=true"), "{\"field_name\": \"" + "x".repeat(70_000) + "\", \"field_schema\": \"keyword\"}",
                "field_name", "70000 bytes");
        refused(422, "POST", c("/points/payload?wait=true"), "{\"payload\": {\"z\": 1}, \"points\": [1], \"key\": \""
                + "\u00e9".repeat(30_000) + "\"}", "key", "60000 bytes");
    }

    // ---------------------------------------------------------------- ids

    @Test
    void invalidPointIdsAreRefusedInEveryBody() {
        List<String> bad = List.of("-1", "1.5", "1e3", "18446744073709551616", "\"not-a-uuid\"", "\"\"",
                "\"550e8400-e29b-41d4-a716-44665544000g\"", "true", "{}", "[]");
        for (String id : bad) {
            List<String[]> cases = List.of(
                    new String[] {"PUT", c("/points"), "{\"points\": [{\"id\": " + id + ", \"vector\": [1, 2, 3]}]}"},
                    new String[] {"PUT", c("/points"), "{\"batch\": {\"ids\": [50, " + id + "], \"vectors\": [[1, 2, 3], [1, 2, 3]]}}"},
                    new String[] {"POST", c("/points"), "{\"ids\": [1, " + id + "]}"},
                    new String[] {"POST", c("/points/delete"), "{\"points\": [1, " + id + "]}"},
                    new String[] {"POST", c("/points/payload"), "{\"payload\": {\"x\": 1}, \"points\": [" + id + "]}"},
                    new String[] {"POST", c("/points/payload/clear"), "{\"points\": [" + id + "]}"},
                    new String[] {"PUT", c("/points/vectors"), "{\"points\": [{\"id\": " + id + ", \"vector\": [1, 2, 3]}]}"},
                    new String[] {"POST", n("/points/vectors/delete"), "{\"points\": [" + id + "], \"vector\": [\"text\"]}"},
                    new String[] {"POST", c("/points/count"), "{\"filter\": {\"must\": [{\"has_id\": [" + id + "]}]}}"},
                    new String[] {"POST", c("/points/scroll"), "{\"offset\": " + id + "}"},
                    new String[] {"POST", c("/points/batch"), "{\"operations\": [{\"delete\": {\"points\": [" + id + "]}}]}"});
            for (String[] k : cases) {
                refused(400, k[0], k[1], k[2], "point ID");
            }
        }
    }

    @Test
    void invalidPointIdsAreRefusedInQueriesAndPaths() {
        for (String id : List.of("-1", "1.5", "18446744073709551616", "\"not-a-uuid\"", "true")) {
            refused(400, "POST", c("/points/query"), "{\"query\": " + id + "}", "query", "point ID");
            refused(400, "POST", c("/points/query"), "{\"query\": {\"nearest\": " + id + "}}", "query", "point ID");
        }
        for (String id : List.of("-1", "1.5", "18446744073709551616", "abc", "550e8400-e29b-41d4-a716-44665544000g", "1e3")) {
            refused(400, "GET", c("/points/" + id), null, "point id", id);
        }
    }

    // ---------------------------------------------------------------- huge values

    @Test
    void hugeNumbersAreRefusedWithTheFieldNamed() {
        // Out of a field's bounds is Qdrant's 422 (its validator); not an integer, or not one a u64 holds, a 400.
        long t = 1_000_000_000_000L;
        refused(422, "POST", c("/points/search"), "{\"vector\": [1, 2, 3], \"limit\": " + t + "}", "limit");
        refused(422, "POST", c("/points/search"), "{\"vector\": [1, 2, 3], \"limit\": 1, \"offset\": " + t + "}", "offset");
        refused(422, "POST", c("/points/search"), "{\"vector\": [1, 2, 3], \"limit\": 1, \"params\": {\"hnsw_ef\": 1000000000}}", "hnsw_ef");
        refused(400, "POST", c("/points/search"), "{\"vector\": [1, 2, 3], \"limit\": 100000, \"offset\": 100000}", "limit + offset");
        refused(400, "POST", c("/points/search"), "{\"vector\": [1, 2, 3], \"limit\": 123456789012345678901234567890}", "limit");
        refused(400, "POST", c("/points/search"), "{\"vector\": [1, 2, 3], \"limit\": 1e30}", "limit");
        refused(422, "POST", c("/points/query"), "{\"query\": [1, 2, 3], \"limit\": " + t + "}", "limit");
        refused(422, "POST", c("/points/query"), "{\"query\": [1, 2, 3], \"params\": {\"hnsw_ef\": 1000000000}}", "hnsw_ef");
        refused(422, "POST", c("/points/query"), "{\"limit\": 5, \"offset\": " + t + "}", "offset");
        refused(422, "POST", c("/points/scroll"), "{\"limit\": " + t + "}", "limit");
        refused(422, "POST", c("/points/count"), "{\"filter\": {\"must\": [{\"key\": \"n\", \"values_count\": {\"gte\": " + t + "}}]}}", "gte");
        refused(422, "POST", c("/points/count"), "{\"filter\": {\"min_should\": {\"conditions\": [], \"min_count\": " + t + "}}}", "min_count");
        String fresh = AtollServerExtension.collection("values_huge");
        refused(422, "PUT", "/collections/" + fresh, "{\"vectors\": {\"size\": 3, \"distance\": \"Dot\"}, \"shard_number\": 1000000}", "shard_number");
        refused(422, "PUT", "/collections/" + fresh, "{\"vectors\": {\"size\": 1000000, \"distance\": \"Dot\"}}", "size");
        refused(422, "PUT", "/collections/" + fresh, "{\"vectors\": {\"size\": 3, \"distance\": \"Dot\"}, \"replication_factor\": 1000000}", "replication_factor");
        refused(422, "PUT", "/collections/" + fresh, "{\"vectors\": {\"size\": 3, \"distance\": \"Dot\"}, \"write_consistency_factor\": 1000000}", "write_consistency_factor");
        refused(422, "PUT", "/collections/" + fresh, "{\"vectors\": {\"size\": 3, \"distance\": \"Dot\"}, \"hnsw_config\": {\"m\": 1000000000}}", "m");
        refused(422, "PUT", "/collections/" + fresh, "{\"vectors\": {\"size\": 3, \"distance\": \"Dot\"}, \"hnsw_config\": {\"ef_construct\": 1000000000}}", "ef_construct");
        refused(422, "PATCH", c(""), "{\"params\": {\"replication_factor\": 1000000}}", "replication_factor");
        refused(422, "PATCH", c(""), "{\"hnsw_config\": {\"ef_construct\": 1000000000}}", "ef_construct");
        assertFalse(ok(client().get("/collections/" + fresh + "/exists")).get("exists").asBoolean());
    }

    @Test
    void tooManySearchesInABatchAreRefused() {
        ArrayNode searches = F.arrayNode();
        for (int i = 0; i < 1001; i++) {
            searches.addObject().put("limit", 1).set("vector", RestClient.parse("[1, 2, 3]"));
        }
        ObjectNode body = F.objectNode();
        body.set("searches", searches);
        refused(400, "POST", c("/points/search/batch"), body, "1000");
        ObjectNode queries = F.objectNode();
        ArrayNode qs = queries.putArray("searches");
        for (int i = 0; i < 1001; i++) {
            qs.addObject().put("limit", 1);
        }
        refused(400, "POST", c("/points/query/batch"), queries, "1000");
    }

    // ---------------------------------------------------------------- empty arrays and strings

    @Test
    void emptyArraysAndNamesWhereSomethingIsNeededAreRefused() {
        refused(400, "PUT", c("/points/vectors"), "{\"points\": [{\"id\": 1, \"vector\": {}}]}", "no vector");
        refused(400, "POST", c("/points/count"), "{\"filter\": {\"must\": [{\"key\": \"loc\", \"geo_polygon\": {\"exterior\": {\"points\": []}}}]}}",
                "exterior", "ring");
        refused(400, "PUT", c("/points"), "{\"batch\": {\"ids\": [], \"vectors\": [[1, 2, 3]]}}", "0 ids", "1 vectors");
        refused(400, "PUT", c("/index"), "{\"field_name\": \"\", \"field_schema\": \"keyword\"}", "field_name");
        refused(400, "POST", c("/points/count"), "{\"filter\": {\"must\": [{\"key\": \"\", \"match\": {\"value\": 1}}]}}", "key");
        refused(400, "POST", "/collections/aliases", "{\"actions\": [{\"create_alias\": {\"collection_name\": \"" + single
                + "\", \"alias_name\": \"\"}}]}", "name");
        String fresh = AtollServerExtension.collection("values_empty");
        refused(400, "PUT", "/collections/" + fresh, "{\"vectors\": {\"\": {\"size\": 2, \"distance\": \"Dot\"}}}", "vector names");
    }

    /** Empty lists Qdrant accepts: nothing to do is not an error, and nothing changes. */
    @Test
    void emptyListsThatMeanNothingToDoChangeNothing() {
        JsonNode before = state();
        assertEquals(0, ok(client().post(c("/points"), "{\"ids\": []}")).size());
        ok(client().put(c("/points?wait=true"), "{\"points\": []}"));
        ok(client().post(c("/points/delete?wait=true"), "{\"points\": []}"));
        assertEquals(0, ok(client().post(c("/points/batch?wait=true"), "{\"operations\": []}")).size());
        assertEquals(0, ok(client().post(c("/points/search/batch"), "{\"searches\": []}")).size());
        assertEquals(0, ok(client().post(c("/points/count"), "{\"filter\": {\"must\": [{\"has_id\": []}]}}")).get("count").asInt());
        assertEquals(0, ok(client().post(c("/points/count"), "{\"filter\": {\"must\": [{\"key\": \"n\", \"match\": {\"any\": []}}]}}")).get("count").asInt());
        assertEquals(before, state());
    }

    // ---------------------------------------------------------------- nesting and size

    private static String nestedMust(int depth) {
        String inner = "{\"key\": \"n\", \"match\": {\"value\": 1}}";
        for (int i = 0; i < depth; i++) {
            inner = "{\"must\": [" + inner + "]}";
        }
        return inner;
    }

    @Test
    void deeplyNestedFiltersAreRefused() {
        assertEquals(1, ok(client().post(c("/points/count"), "{\"filter\": " + nestedMust(20) + "}")).get("count").asInt(),
                "a filter 20 levels deep is fine");
        refused(400, "POST", c("/points/count"), "{\"filter\": " + nestedMust(40) + "}", "nested deeper");
        refused(400, "POST", c("/points/delete"), "{\"filter\": " + nestedMust(40) + "}", "nested deeper");
        String nested = "{\"key\": \"n\", \"match\": {\"value\": 1}}";
        for (int i = 0; i < 40; i++) {
            nested = "{\"must\": [{\"nested\": {\"key\": \"a\", \"filter\": {\"must\": [" + nested + "]}}}]}";
        }
        refused(400, "POST", c("/points/scroll"), "{\"filter\": " + nested + "}", "nested deeper");
        String arrays = "[".repeat(5000) + "]".repeat(5000);
        refused(400, "POST", c("/points/count"), "{\"filter\": {\"must\": " + arrays + "}}", "nesting depth");
        refused(400, "PUT", c("/points"), "{\"points\": [{\"id\": 50, \"vector\": [1, 2, 3], \"payload\": {\"a\": "
                + "{\"b\": ".repeat(3000) + "1" + "}".repeat(3000) + "}}]}", "nesting depth");
    }

    @Test
    void bodiesNestedDeeperThan256LevelsAreRefused() {
        // found probing next to an ApiFuzzTest finding: a 998-level optimizers_config was accepted, after which every metadata snapshot failed
        // (in a loop, logging each failure) and GET of the collection answered 500; a 990-level payload or a set_payload
        // key of 600 segments could not be written (500, a StackOverflowError for the key)
        refused(400, "PATCH", "/collections/" + single, "{\"optimizers_config\": " + "{\"a\": ".repeat(998) + "1"
                + "}".repeat(998) + "}", "nesting depth", "256");
        refused(400, "PUT", c("/points?wait=true"), "{\"points\": [{\"id\": 50, \"vector\": [1, 2, 3], \"payload\": "
                + "{\"a\": ".repeat(990) + "1" + "}".repeat(990) + "}]}", "nesting depth", "256");
        refused(400, "POST", c("/points/payload?wait=true"), "{\"payload\": {\"z\": 1}, \"points\": [1], \"key\": \""
                + "a.".repeat(600) + "z\"}", "key", "601 levels");
        // as deep as a body may be: written and read back whole
        String deep = "{\"a\": ".repeat(250) + "1" + "}".repeat(250);
        ok(client().put(c("/points?wait=true"), "{\"points\": [{\"id\": 51, \"vector\": [1, 2, 3], \"payload\": " + deep + "}]}"));
        assertEquals(RestClient.parse(deep), ok(client().get(c("/points/51"))).get("payload"));
        ok(client().post(c("/points/delete?wait=true"), "{\"points\": [51]}"));
    }

    @Test
    void bodiesOver32MiBAreRefusedWith413() {
        StringBuilder huge = new StringBuilder(34 << 20);
        huge.append("{\"points\": [{\"id\": 50, \"vector\": [1, 2, 3], \"payload\": {\"blob\": \"");
        huge.append("x".repeat(33 << 20));
        huge.append("\"}}]}");
        refused(413, "PUT", c("/points?wait=true"), huge.toString(), "too large");
        StringBuilder search = new StringBuilder(34 << 20);
        search.append("{\"limit\": 1, \"vector\": [1, 2, 3], \"filter\": {\"must\": [{\"key\": \"s\", \"match\": {\"value\": \"");
        search.append("y".repeat(33 << 20)).append("\"}}]}}");
        refused(413, "POST", c("/points/search"), search.toString(), "too large");
    }

    // ---------------------------------------------------------------- routes and names

    @Test
    void unknownRoutesAnswer404InTheEnvelope() {
        for (String[] k : List.of(new String[] {"GET", "/nope"}, new String[] {"GET", c("/nope")},
                new String[] {"POST", c("/points/nope")}, new String[] {"GET", c("/points/1/extra")},
                new String[] {"DELETE", c("/points")}, new String[] {"POST", "/collections/" + single + "/points/search/nope"})) {
            RestClient.Response r = client().send(k[0], k[1], k[0].equals("GET") || k[0].equals("DELETE") ? null : "{}");
            clientError(r, "Not found");
            assertEquals(404, r.status(), r::toString);
            serves(client());
        }
        RestClient.Response wrongMethod = client().send("PUT", "/collections", "{}");
        assertTrue(wrongMethod.status() == 404 || wrongMethod.status() == 405, wrongMethod::toString);
        clientError(wrongMethod);
    }

    @Test
    void requestsJettyRefusesBeforeRoutingAnswerInTheEnvelope() throws IOException {
        // found by ApiFuzzTest: these came back as Jetty's HTML error page, or with no body at all for PUT; and (found
        // when this test flaked) without Connection: close, though Jetty closes the connection after them
        error(onItsOwnConnection("GET", "/collections/%FF%FE", null), 400, "Bad request", "UTF-8");
        error(onItsOwnConnection("PUT", "/collections/%C0%AE%C0%AE/points", "{\"points\": []}"), 400, "Bad request", "UTF-8");
        error(onItsOwnConnection("GET", "/collections/%zz/exists", null), 400, "Bad request", "percent-encoding");
        error(onItsOwnConnection("GET", "/collections/a%00b/exists", null), 400, "Bad request");
        // a request line past the request head's limit (service.max_header_bytes)
        error(onItsOwnConnection("DELETE", "/collections/" + "x".repeat(SecuritySettings.DEFAULT_MAX_HEADER_BYTES + 1000),
                null), 414, "URI Too Long");
        serves(client());
    }

    /**
     * Sent verbatim (java.net.http would not send "%zz") on a connection of its own, asking to keep it: Jetty closes
     * the connection after refusing a request it cannot parse, and its answer must say so, or a client reuses the
     * dead connection (java.net.http did, failing with "header parser received no bytes").
     */
    private static RestClient.Response onItsOwnConnection(String method, String target, String body) throws IOException {
        URI base = URI.create(SERVER.process().url());
        RawHttpClient.Reply r = new RawHttpClient(base.getHost(), base.getPort()).sendKeepingAlive(method, target,
                "application/json", body == null ? null : body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30));
        assertEquals("close", r.headers().get("connection"), () -> "the answer must say the connection closes: " + r.headers());
        JsonNode json;
        try {
            json = RestClient.JSON.readTree(r.body());
        } catch (IOException notJson) {
            json = null;
        }
        return new RestClient.Response(r.status(), r.text(), json);
    }

    @Test
    void collectionNamesAreValidated() {
        refused(400, "PUT", "/collections/" + "x".repeat(256), "{\"vectors\": {\"size\": 2, \"distance\": \"Dot\"}}", "name", "255");
        refused(400, "PUT", "/collections/a%5Cb", "{\"vectors\": {\"size\": 2, \"distance\": \"Dot\"}}", "name");
        refused(400, "PUT", "/collections/a%01b", "{\"vectors\": {\"size\": 2, \"distance\": \"Dot\"}}", "name");
    }

    // ---------------------------------------------------------------- nothing applied part-way

    @Test
    void anUpsertWithOneBadPointWritesNoneOfIt() {
        refused(400, "PUT", c("/points?wait=true"), "{\"points\": [{\"id\": 101, \"vector\": [1, 2, 3]}, "
                + "{\"id\": 102, \"vector\": [4, 5, 6]}, {\"id\": 103, \"vector\": [7, 8]}]}", "dimension");
        refused(400, "PUT", c("/points?wait=true"), "{\"points\": [{\"id\": 101, \"vector\": [1, 2, 3]}, "
                + "{\"id\": -7, \"vector\": [4, 5, 6]}, {\"id\": 103, \"vector\": [7, 8, 9]}]}", "point ID");
        refused(400, "PUT", c("/points?wait=true"), "{\"points\": [{\"id\": 1, \"vector\": [9, 9, 9], \"payload\": {\"n\": 99}}, "
                + "{\"id\": 102, \"vector\": [4, 5, 6], \"payload\": 7}]}", "payload");
        refused(400, "PUT", c("/points?wait=true"), "{\"batch\": {\"ids\": [101, 102, 103], "
                + "\"vectors\": [[1, 2, 3], [4, 5, 6], [7, 8, NaN]]}}", "NaN");
        refused(400, "PUT", n("/points?wait=true"), "{\"points\": [{\"id\": 101, \"vector\": {\"text\": [1, 2]}}, "
                + "{\"id\": 102, \"vector\": {\"text\": [1, 2], \"image\": [1]}}]}", "dimension");
    }

    @Test
    void aBatchWhoseThirdOperationIsInvalidAppliesNone() {
        String first = "{\"upsert\": {\"points\": [{\"id\": 301, \"vector\": [1, 2, 3]}]}}, "
                + "{\"delete\": {\"points\": [1]}}, ";
        List<String[]> thirds = List.of(
                new String[] {"{\"explode\": {}}", "400", "explode"},
                new String[] {"{\"upsert\": {\"points\": [{\"id\": 302, \"vector\": [1, 2]}]}}", "400", "dimension"},
                new String[] {"{\"set_payload\": {\"payload\": {\"x\": 1}, \"points\": [2], \"key\": 5}}", "400", "key"},
                new String[] {"{\"delete_vectors\": {\"points\": [2], \"vector\": [\"nope\"]}}", "400", "nope"},
                new String[] {"{\"set_payload\": {\"payload\": {\"x\": 1}, \"points\": [777]}}", "404", "777"},
                new String[] {"{\"update_vectors\": {\"points\": [{\"id\": 888, \"vector\": [1, 2, 3]}]}}", "404", "888"},
                new String[] {"{\"delete_payload\": {\"keys\": [\"n\"], \"points\": [999]}}", "404", "999"},
                // point 1 exists now, but the delete before this operation removes it
                new String[] {"{\"overwrite_payload\": {\"payload\": {\"x\": 1}, \"points\": [1]}}", "404", "No point with id 1 "});
        for (String[] third : thirds) {
            String body = "{\"operations\": [" + first + third[0] + ", {\"clear_payload\": {\"points\": [3]}}]}";
            refused(Integer.parseInt(third[1]), "POST", c("/points/batch?wait=true"), body, third[2]);
        }
    }

    @Test
    void aBatchThatDeletesThenModifiesAPointIsRefusedWhole() {
        refused(404, "POST", c("/points/batch?wait=true"), "{\"operations\": ["
                + "{\"upsert\": {\"points\": [{\"id\": 401, \"vector\": [1, 2, 3]}]}}, "
                + "{\"delete\": {\"points\": [401, 2]}}, "
                + "{\"set_payload\": {\"payload\": {\"x\": 1}, \"points\": [401]}}]}", "401");
    }

    @Test
    void aBatchThatRecreatesADeletedPointMayModifyIt() {
        String c = AtollServerExtension.collection("values_recreate");
        api().createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot")));
        api().upsert(c, List.of(Map.of("id", 1, "vector", List.of(1, 1), "payload", Map.of("old", true))));
        ok(client().post("/collections/" + c + "/points/batch?wait=true", "{\"operations\": ["
                + "{\"delete\": {\"points\": [1]}}, "
                + "{\"upsert\": {\"points\": [{\"id\": 1, \"vector\": [2, 2]}]}}, "
                + "{\"set_payload\": {\"payload\": {\"new\": true}, \"points\": [1]}}]}"));
        assertEquals(RestClient.parse("{\"new\": true}"), ok(client().get("/collections/" + c + "/points/1")).get("payload"));
    }

    @Test
    void updatesNamingOneMissingPointChangeNoneOfTheOthers() {
        List<String[]> cases = List.of(
                new String[] {"POST", c("/points/payload?wait=true"), "{\"payload\": {\"x\": 1}, \"points\": [1, 2, 555]}"},
                new String[] {"PUT", c("/points/payload?wait=true"), "{\"payload\": {\"x\": 1}, \"points\": [555, 1]}"},
                new String[] {"POST", c("/points/payload/delete?wait=true"), "{\"keys\": [\"n\"], \"points\": [1, 555]}"},
                new String[] {"POST", c("/points/payload/clear?wait=true"), "{\"points\": [1, 2, 3, 555]}"},
                new String[] {"PUT", c("/points/vectors?wait=true"), "{\"points\": [{\"id\": 1, \"vector\": [0, 0, 0]}, {\"id\": 555, \"vector\": [0, 0, 0]}]}"},
                new String[] {"POST", n("/points/vectors/delete?wait=true"), "{\"points\": [1, 555], \"vector\": [\"text\"]}"});
        for (String[] k : cases) {
            refused(404, k[0], k[1], k[2], "Not found", "555");
        }
    }

    @Test
    void anInvalidCollectionUpdateChangesNothing() {
        refused(400, "PATCH", c(""), "{\"params\": {\"replication_factor\": 3}, \"hnsw_config\": {\"m\": \"many\"}}", "m");
        refused(400, "PATCH", n(""), "{\"vectors\": {\"text\": {\"on_disk\": true}, \"nope\": {\"on_disk\": true}}}", "nope");
        refused(400, "PUT", c("/index"), "{\"field_name\": \"n\", \"field_schema\": {\"type\": \"integer\", \"lookup\": \"yes\"}}", "lookup");
        refused(400, "PUT", c("/index"), "{\"field_name\": \"s\", \"field_schema\": {\"type\": \"text\", \"tokenizer\": \"magic\"}}", "tokenizer");
        refused(400, "PUT", c("/index"), "{\"field_name\": \"s\", \"field_schema\": {\"type\": \"keyword\", \"lowercase\": true}}", "lowercase");
    }

    @Test
    void aliasActionsFailingPartWayApplyNone() {
        refused(409, "POST", "/collections/aliases", "{\"actions\": ["
                + "{\"create_alias\": {\"collection_name\": \"" + single + "\", \"alias_name\": \"" + single + "_ok\"}}, "
                + "{\"create_alias\": {\"collection_name\": \"" + single + "\", \"alias_name\": \"" + named + "\"}}]}", "already exists");
        refused(404, "POST", "/collections/aliases", "{\"actions\": ["
                + "{\"create_alias\": {\"collection_name\": \"" + single + "\", \"alias_name\": \"" + single + "_ok\"}}, "
                + "{\"delete_alias\": {\"alias_name\": \"" + single + "_never\"}}]}", single + "_never");
    }
}
