package io.atoll.api.rest;

import static io.atoll.testing.QdrantAssertions.error;
import static io.atoll.testing.QdrantAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.QdrantApi;
import io.atoll.testing.RestClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests written for Qdrant 1.19 that Atoll must take as Qdrant does (issue 18): each case here was refused or
 * answered differently before, and says which Qdrant behaviour it holds Atoll to.
 */
class QdrantParityApiTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();

    private static RestClient client() {
        return SERVER.client();
    }

    private static QdrantApi api() {
        return new QdrantApi(client());
    }

    private static String collectionWithPoints(String prefix) {
        String c = AtollServerExtension.collection(prefix);
        api().createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot")));
        ok(client().put("/collections/" + c + "/points?wait=true", Map.of("points", List.of(
                Map.of("id", 1, "vector", List.of(1, 0), "payload", Map.of("a", 1)),
                Map.of("id", 2, "vector", List.of(0, 1), "payload", Map.of("a", 2)),
                Map.of("id", 3, "vector", List.of(1, 1), "payload", Map.of("a", 3))))));
        return c;
    }

    @Test
    void droppingAMissingCollectionAnswersFalseAndAPresentOneTrue() {
        String c = AtollServerExtension.collection("drop_missing");
        assertFalse(ok(client().delete("/collections/" + c)).asBoolean());
        api().createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot")));
        assertTrue(ok(client().delete("/collections/" + c)).asBoolean());
        assertFalse(ok(client().delete("/collections/" + c)).asBoolean(), "the second drop finds nothing");
    }

    @Test
    void searchTakesTopForLimitAndEveryReadTakesWithVectors() {
        String c = collectionWithPoints("aliases");
        JsonNode top = ok(client().post("/collections/" + c + "/points/search",
                Map.of("vector", List.of(1, 1), "top", 2, "with_vectors", true)));
        assertEquals(2, top.size(), "top is limit");
        assertEquals(3, top.get(0).get("id").asInt());
        assertEquals(2, top.get(0).get("vector").size(), "with_vectors is with_vector");

        JsonNode query = ok(client().post("/collections/" + c + "/points/query",
                Map.of("query", List.of(1, 0), "limit", 1, "with_vectors", true)));
        assertEquals(2, query.get("points").get(0).get("vector").size());
        JsonNode scroll = ok(client().post("/collections/" + c + "/points/scroll",
                Map.of("limit", 1, "with_vectors", true)));
        assertEquals(2, scroll.get("points").get(0).get("vector").size());
        JsonNode retrieve = ok(client().post("/collections/" + c + "/points",
                Map.of("ids", List.of(2), "with_vectors", true)));
        assertEquals(1.0, retrieve.get(0).get("vector").get(1).asDouble(), 1e-6);
    }

    @Test
    void anAliasAndItsFieldTogetherAreRefused() {
        String c = collectionWithPoints("alias_twice");
        error(client().post("/collections/" + c + "/points/search",
                Map.of("vector", List.of(1, 1), "top", 2, "limit", 3)), 400, "`top`", "`limit`");
        error(client().post("/collections/" + c + "/points/scroll",
                Map.of("with_vector", true, "with_vectors", false)), 400, "`with_vectors`");
        error(client().post("/collections/" + c + "/points/search",
                Map.of("vector", List.of(1, 1), "top", "two")), 400, "limit");
    }

    @Test
    void collectionMetadataIsKeptMergedByUpdatesAndShown() {
        String c = AtollServerExtension.collection("metadata");
        api().createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot"),
                "metadata", Map.of("model", "minilm", "owner", "search-team")));
        assertEquals("minilm", api().info(c).at("/config/metadata/model").asText());

        java.util.HashMap<String, Object> update = new java.util.HashMap<>();
        update.put("owner", null);
        update.put("version", 2);
        ok(client().patch("/collections/" + c, Map.of("metadata", update)));
        JsonNode metadata = api().info(c).at("/config/metadata");
        assertEquals("minilm", metadata.get("model").asText(), "keys not named stay");
        assertEquals(2, metadata.get("version").asInt(), "new keys are added");
        assertFalse(metadata.has("owner"), "a key set to null is removed");

        String plain = AtollServerExtension.collection("no_metadata");
        api().createCollection(plain, Map.of("vectors", Map.of("size", 2, "distance", "Dot")));
        assertFalse(api().info(plain).get("config").has("metadata"), "absent when never given, as in Qdrant");
        error(client().put("/collections/" + AtollServerExtension.collection("bad_metadata"),
                Map.of("vectors", Map.of("size", 2, "distance", "Dot"), "metadata", List.of(1))), 400, "metadata");
        error(client().patch("/collections/" + c, Map.of("metadata", "text")), 400, "metadata");
    }

    @Test
    void integersOutOfBoundsAre422AndThoseNoU64HoldsAre400() {
        String c = collectionWithPoints("u64");
        String e = error(client().post("/collections/" + c + "/points/scroll",
                RestClient.parse("{\"limit\": 18446744073709551615}")), 422, "18446744073709551615", "out of range");
        assertFalse(e.contains("must be an integer"), e);
        error(client().post("/collections/" + c + "/points/search",
                RestClient.parse("{\"vector\": [1, 1], \"limit\": 99999999999999999999999}")), 400, "invalid value");
        error(client().post("/collections/" + c + "/points/scroll",
                RestClient.parse("{\"limit\": -1}")), 400, "invalid value -1");
        assertEquals(3, ok(client().post("/collections/" + c + "/points/scroll",
                RestClient.parse("{\"limit\": 100000}"))).get("points").size());
    }

    @Test
    void updateVectorsAddsUpEntriesForOnePointAndIgnoresAPayload() {
        String c = AtollServerExtension.collection("update_vectors");
        api().createCollection(c, Map.of("vectors", Map.of(
                "a", Map.of("size", 2, "distance", "Dot"), "b", Map.of("size", 2, "distance", "Dot"))));
        ok(client().put("/collections/" + c + "/points?wait=true", Map.of("points", List.of(Map.of("id", 7,
                "vector", Map.of("a", List.of(1, 1), "b", List.of(1, 1)), "payload", Map.of("k", "v"))))));
        ok(client().put("/collections/" + c + "/points/vectors?wait=true", Map.of("points", List.of(
                Map.of("id", 7, "vector", Map.of("a", List.of(2, 0))),
                Map.of("id", 7, "vector", Map.of("b", List.of(0, 3)), "payload", Map.of("k", "ignored"))))));
        JsonNode p = ok(client().post("/collections/" + c + "/points",
                Map.of("ids", List.of(7), "with_vector", true))).get(0);
        assertEquals(2.0, p.at("/vector/a/0").asDouble(), 1e-6, "the first entry's vector stays");
        assertEquals(3.0, p.at("/vector/b/1").asDouble(), 1e-6, "the second entry's vector is applied too");
        assertEquals("v", p.at("/payload/k").asText(), "a payload sent along changes nothing");
    }

    @Test
    void quantizationIsAnotherNameForQuantizationConfig() {
        String c = AtollServerExtension.collection("quantization");
        Map<String, Object> scalar = Map.of("scalar", Map.of("type", "int8", "always_ram", true));
        api().createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot"), "quantization", scalar));
        assertEquals("int8", api().info(c).at("/config/quantization_config/scalar/type").asText());
        ok(client().patch("/collections/" + c, Map.of("quantization", "Disabled")));
        assertTrue(api().info(c).at("/config/quantization_config").isNull(), "turned off through the alias");
        error(client().patch("/collections/" + c, Map.of("quantization", scalar, "quantization_config", scalar)),
                400, "`quantization`");
    }

    @Test
    void aPointWithoutTheVectorsAskedForHasAnEmptyVectorObject() {
        String c = AtollServerExtension.collection("no_vectors");
        api().createCollection(c, Map.of("vectors", Map.of(
                "a", Map.of("size", 2, "distance", "Dot"), "b", Map.of("size", 2, "distance", "Dot"))));
        ok(client().put("/collections/" + c + "/points?wait=true", Map.of("points", List.of(
                Map.of("id", 1, "vector", Map.of("a", List.of(1, 0)))))));
        JsonNode onlyB = ok(client().post("/collections/" + c + "/points",
                Map.of("ids", List.of(1), "with_vector", List.of("b")))).get(0);
        assertTrue(onlyB.get("vector").isObject() && onlyB.get("vector").isEmpty(), onlyB::toString);
        JsonNode scrolled = ok(client().post("/collections/" + c + "/points/scroll",
                Map.of("with_vector", List.of("b")))).at("/points/0");
        assertTrue(scrolled.get("vector").isObject() && scrolled.get("vector").isEmpty(), scrolled::toString);
        JsonNode none = ok(client().post("/collections/" + c + "/points",
                Map.of("ids", List.of(1), "with_vector", false))).get(0);
        assertTrue(none.get("vector").isNull(), "not asked for: null, as in Qdrant");
        JsonNode found = ok(client().post("/collections/" + c + "/points/query",
                Map.of("query", List.of(1, 0), "using", "a", "with_vector", List.of("b")))).at("/points/0");
        assertTrue(found.get("vector").isObject() && found.get("vector").isEmpty(), found::toString);
    }

    @Test
    void matchPrefixFindsKeywordsThatStartWithIt() {
        String c = AtollServerExtension.collection("prefix");
        api().createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot")));
        ok(client().put("/collections/" + c + "/points?wait=true", Map.of("points", List.of(
                Map.of("id", 1, "vector", List.of(1, 0), "payload", Map.of("sku", "AB-100")),
                Map.of("id", 2, "vector", List.of(0, 1), "payload", Map.of("sku", List.of("XY-1", "AB-200"))),
                Map.of("id", 3, "vector", List.of(1, 1), "payload", Map.of("sku", "ab-300"))))));
        Map<String, Object> filter = Map.of("must", List.of(Map.of("key", "sku", "match", Map.of("prefix", "AB-"))));
        assertEquals(2, ok(client().post("/collections/" + c + "/points/count", Map.of("filter", filter)))
                .get("count").asInt(), "case-sensitive, any value of an array");
        JsonNode found = ok(client().post("/collections/" + c + "/points/query",
                Map.of("query", List.of(1, 1), "filter", filter, "limit", 10))).get("points");
        assertEquals(2, found.size());
        error(client().post("/collections/" + c + "/points/count", Map.of("filter", Map.of("must", List.of(
                Map.of("key", "sku", "match", Map.of("prefix", 5)))))), 400, "match.prefix");
    }

    @Test
    void aPayloadIndexWithoutParamsShowsNone() {
        String c = collectionWithPoints("index_params");
        ok(client().put("/collections/" + c + "/index?wait=true", Map.of("field_name", "a", "field_schema", "integer")));
        ok(client().put("/collections/" + c + "/index?wait=true", Map.of("field_name", "b",
                "field_schema", Map.of("type", "keyword", "is_tenant", true))));
        JsonNode schema = api().info(c).get("payload_schema");
        assertFalse(schema.get("a").has("params"), schema::toString);
        assertTrue(schema.get("b").get("params").get("is_tenant").asBoolean(), schema::toString);
    }

    @Test
    void aVectorsQuantizationConfigIsKeptAndShown() {
        String c = AtollServerExtension.collection("vector_quantization");
        Map<String, Object> binary = Map.of("binary", Map.of("always_ram", true));
        api().createCollection(c, Map.of("vectors", Map.of("text", Map.of("size", 2, "distance", "Dot",
                "quantization_config", binary))));
        assertTrue(api().info(c).at("/config/params/vectors/text/quantization_config/binary/always_ram").asBoolean());
        ok(client().patch("/collections/" + c, Map.of("vectors", Map.of("text", Map.of("quantization_config",
                Map.of("scalar", Map.of("type", "int8")))))));
        assertEquals("int8", api().info(c).at("/config/params/vectors/text/quantization_config/scalar/type").asText());
        ok(client().patch("/collections/" + c, Map.of("vectors", Map.of("text", Map.of("quantization_config",
                "Disabled")))));
        assertFalse(api().info(c).at("/config/params/vectors/text").has("quantization_config"));
        error(client().patch("/collections/" + c, Map.of("vectors", Map.of("text", Map.of("quantization_config",
                Map.of("cubic", Map.of()))))), 400, "quantization_config");
        error(client().patch("/collections/" + c, Map.of("quantization_config", 7)), 400, "quantization_config");
    }

    /**
     * Writes acknowledged without {@code wait} become visible on their own (the node refreshes shards with invisible
     * writes every 50 ms). How soon is a timing, so it is printed, not asserted: the check here is that each write
     * shows up with no read or write after it to force a refresh.
     */
    @Test
    void writesAcknowledgedWithoutWaitBecomeVisibleOnTheirOwn() throws InterruptedException {
        String c = AtollServerExtension.collection("unwaited");
        api().createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot")));
        List<Long> delaysMs = new java.util.ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            ok(client().put("/collections/" + c + "/points", Map.of("points", List.of(Map.of("id", i,
                    "vector", List.of(1, i))))));
            long start = System.nanoTime();
            int expected = i;
            QdrantApi.await("point " + i + " is visible", java.time.Duration.ofSeconds(10), () -> ok(client().post(
                    "/collections/" + c + "/points/count", Map.of())).get("count").asLong() == expected);
            delaysMs.add((System.nanoTime() - start) / 1_000_000);
        }
        java.util.Collections.sort(delaysMs);
        System.out.println("unwaited writes visible after (ms, sorted): " + delaysMs);
    }

    @Test
    void hasVectorMatchesPointsHoldingTheNamedVector() {
        String c = AtollServerExtension.collection("has_vector");
        api().createCollection(c, Map.of("vectors", Map.of("a", Map.of("size", 2, "distance", "Dot"),
                "b", Map.of("size", 2, "distance", "Dot"))));
        ok(client().put("/collections/" + c + "/points?wait=true", Map.of("points", List.of(
                Map.of("id", 1, "vector", Map.of("a", List.of(1, 0))),
                Map.of("id", 2, "vector", Map.of("a", List.of(1, 0), "b", List.of(0, 1))),
                Map.of("id", 3, "vector", Map.of("b", List.of(0, 1)), "payload", Map.of("kids", List.of(
                        Map.of("n", 1))))))));
        assertEquals(2, api().count(c, Map.of("must", List.of(Map.of("has_vector", "b")))));
        assertEquals(1, api().count(c, Map.of("must_not", List.of(Map.of("has_vector", "a")))));
        assertEquals(0, api().count(c, Map.of("must", List.of(Map.of("has_vector", "c")))));
        ok(client().post("/collections/" + c + "/points/vectors/delete?wait=true", Map.of("points", List.of(2),
                "vector", List.of("b"))));
        assertEquals(1, api().count(c, Map.of("must", List.of(Map.of("has_vector", "b")))), "a deleted vector");
        error(client().post("/collections/" + c + "/points/count", Map.of("filter", Map.of("must", List.of(
                Map.of("nested", Map.of("key", "kids", "filter", Map.of("must", List.of(Map.of("has_vector",
                        "b"))))))))), 400, "has_vector");
        error(client().post("/collections/" + c + "/points/count", Map.of("filter", Map.of("must", List.of(
                Map.of("has_vector", 7))))), 400, "has_vector");
    }

    @Test
    void slicesOfTheIdSpaceAreDisjointAndCoverEveryPoint() {
        String c = AtollServerExtension.collection("slices");
        api().createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot"), "shard_number", 2));
        List<Map<String, Object>> points = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            points.add(Map.of("id", i % 3 == 0 ? java.util.UUID.nameUUIDFromBytes(new byte[]{(byte) i}).toString() : i,
                    "vector", List.of(1, i)));
        }
        ok(client().put("/collections/" + c + "/points?wait=true", Map.of("points", points)));
        java.util.Set<String> seen = new java.util.HashSet<>();
        int sum = 0;
        for (int index = 0; index < 4; index++) {
            JsonNode page = ok(client().post("/collections/" + c + "/points/scroll", Map.of("limit", 100,
                    "filter", Map.of("must", List.of(Map.of("slice", Map.of("total", 4, "index", index)))))));
            for (JsonNode p : page.get("points")) {
                assertTrue(seen.add(p.get("id").asText()), "slices are disjoint: " + p.get("id"));
                io.atoll.point.PointId id = p.get("id").isNumber() ? io.atoll.point.PointId.of(p.get("id").asLong())
                        : io.atoll.point.PointId.of(java.util.UUID.fromString(p.get("id").asText()));
                assertTrue(io.atoll.routing.IdSlices.contains(id, 4, index));
            }
            sum += ok(client().post("/collections/" + c + "/points/count", Map.of("filter", Map.of("must",
                    List.of(Map.of("slice", Map.of("total", 4, "index", index))))))).get("count").asInt();
        }
        assertEquals(60, seen.size(), "together they cover every point");
        assertEquals(60, sum);
        error(client().post("/collections/" + c + "/points/count", Map.of("filter", Map.of("must",
                List.of(Map.of("slice", Map.of("total", 4, "index", 4)))))), 422, "slice.index");
        error(client().post("/collections/" + c + "/points/count", Map.of("filter", Map.of("must",
                List.of(Map.of("slice", Map.of("total", 0, "index", 0)))))), 422, "slice.total");
        error(client().post("/collections/" + c + "/points/count", Map.of("filter", Map.of("must",
                List.of(Map.of("nested", Map.of("key", "a", "filter", Map.of("must", List.of(Map.of("slice",
                        Map.of("total", 2, "index", 0)))))))))), 400, "slice");
    }

    @Test
    void configurationQdrantTakesIsKeptAndShown() {
        String c = AtollServerExtension.collection("kept_config");
        api().createCollection(c, Map.of("vectors", Map.of("v", Map.of("size", 2, "distance", "Dot",
                        "memory", "cached", "hnsw_config", Map.of("payload_m", 8))),
                "hnsw_config", Map.of("max_indexing_threads", 2, "inline_storage", true, "memory", "pinned"),
                "wal_config", Map.of("wal_capacity_mb", 64, "wal_retain_closed", 3)));
        JsonNode config = api().info(c).get("config");
        assertEquals("cached", config.at("/params/vectors/v/memory").asText());
        assertEquals(8, config.at("/params/vectors/v/hnsw_config/payload_m").asInt());
        assertEquals(2, config.at("/hnsw_config/max_indexing_threads").asInt());
        assertTrue(config.at("/hnsw_config/inline_storage").asBoolean());
        assertEquals("pinned", config.at("/hnsw_config/memory").asText());
        assertEquals(64, config.at("/wal_config/wal_capacity_mb").asInt());
        assertEquals(3, config.at("/wal_config/wal_retain_closed").asInt());
        assertEquals(0, config.at("/wal_config/wal_segments_ahead").asInt(), "the defaults beneath");

        ok(client().patch("/collections/" + c, Map.of("vectors", Map.of("v", Map.of("memory", "cold")),
                "hnsw_config", Map.of("payload_m", 4))));
        config = api().info(c).get("config");
        assertEquals("cold", config.at("/params/vectors/v/memory").asText());
        assertEquals(4, config.at("/hnsw_config/payload_m").asInt());
        assertEquals(2, config.at("/hnsw_config/max_indexing_threads").asInt(), "an update merges");
        error(client().patch("/collections/" + c, Map.of("hnsw_config", Map.of("memory", "warm"))), 400,
                "unknown variant `warm`");
        error(client().put("/collections/" + c + "_bad", Map.of("vectors", Map.of("size", 2, "distance", "Dot"),
                "wal_config", Map.of("wal_capacity_mb", 0))), 422, "wal_capacity_mb");
        error(client().put("/collections/" + c + "_bad", Map.of("vectors", Map.of("size", 2, "distance", "Dot"),
                "wal_config", Map.of("wal_size", 1))), 400, "unknown field `wal_size`");
        ok(client().put("/collections/" + c + "/index?wait=true", Map.of("field_name", "k", "field_schema",
                Map.of("type", "keyword", "prefix", true, "memory", "cold"))));
        assertEquals("cold", api().info(c).at("/payload_schema/k/params/memory").asText());
    }

    @Test
    void turboQuantizationIsRefusedByName() {
        String c = AtollServerExtension.collection("turbo");
        error(client().put("/collections/" + c, Map.of("vectors", Map.of("size", 2, "distance", "Dot"),
                "quantization_config", Map.of("turbo", Map.of()))), 400, "`turbo` quantization is not supported");
        assertEquals(404, client().get("/collections/" + c).status(), "nothing was created");
    }

    @Test
    void inputsToEmbedAreRefusedByName() {
        String c = AtollServerExtension.collection("inference");
        new QdrantApi(client()).createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot")));
        Map<String, Object> document = Map.of("text", "a sentence", "model", "some/model");
        String points = "/collections/" + c + "/points?wait=true";
        error(client().put(points, Map.of("points", List.of(Map.of("id", 1, "vector", document)))), 400,
                "`points[0].vector` is a document to embed (inference), which Atoll does not support yet");
        error(client().put(points, Map.of("points", List.of(Map.of("id", 1, "vector", Map.of("", Map.of(
                "image", "https://example.com/a.png", "model", "clip")))))), 400, "is an image to embed");
        error(client().put(points, Map.of("batch", Map.of("ids", List.of(1), "vectors", List.of(Map.of(
                "object", Map.of("k", 1), "model", "m"))))), 400, "`batch.vectors[0]` is an object to embed");
        String query = "/collections/" + c + "/points/query";
        error(client().post(query, Map.of("query", document)), 400, "`query` is a document to embed");
        error(client().post(query, Map.of("query", Map.of("nearest", document))), 400,
                "`query.nearest` is a document to embed");
        assertEquals(0, ok(client().post("/collections/" + c + "/points/count", Map.of())).get("count").asInt());
    }

    @Test
    void qdrantsOtherNamesForVectorsAndOptimizersAreTaken() {
        String c = AtollServerExtension.collection("alias_vectors");
        api().createCollection(c, Map.of("vectors", Map.of("a", Map.of("size", 2, "distance", "Dot"),
                "b", Map.of("size", 2, "distance", "Dot")), "optimizer_config", Map.of("indexing_threshold", 500)));
        assertEquals(500, api().info(c).at("/config/optimizer_config/indexing_threshold").asInt());
        ok(client().put("/collections/" + c + "/points?wait=true", Map.of("points", List.of(Map.of("id", 1,
                "vector", Map.of("a", List.of(1, 0), "b", List.of(0, 1)))))));
        ok(client().put("/collections/" + c + "/points/vectors?wait=true", Map.of("points", List.of(
                Map.of("id", 1, "vectors", Map.of("a", List.of(5, 5)))))));
        ok(client().post("/collections/" + c + "/points/vectors/delete?wait=true", Map.of("points", List.of(1),
                "vectors", List.of("b"))));
        JsonNode v = ok(client().post("/collections/" + c + "/points", Map.of("ids", List.of(1), "with_vector",
                true))).get(0).get("vector");
        assertEquals(5.0, v.at("/a/0").asDouble());
        assertFalse(v.has("b"), "deleted through the alias");
        error(client().post("/collections/" + c + "/points/vectors/delete", Map.of("points", List.of(1),
                "vectors", List.of("b"), "vector", List.of("a"))), 400, "`vectors`", "`vector`");
    }

    @Test
    void optimizerSettingsAreCheckedBeforeTheyAreKept() {
        String c = AtollServerExtension.collection("optimizers");
        Map<String, Object> vectors = Map.of("size", 2, "distance", "Dot");
        error(client().put("/collections/" + c, Map.of("vectors", vectors, "optimizers_config",
                Map.of("bogus", "x"))), 400, "unknown field `bogus`");
        error(client().put("/collections/" + c, Map.of("vectors", vectors, "optimizers_config",
                Map.of("indexing_threshold", "many"))), 400, "indexing_threshold");
        error(client().put("/collections/" + c, Map.of("vectors", vectors, "optimizers_config",
                Map.of("deleted_threshold", 2))), 422, "deleted_threshold");
        error(client().put("/collections/" + c, Map.of("vectors", vectors, "optimizers_config",
                Map.of("vacuum_min_vector_number", 10))), 422, "vacuum_min_vector_number");
        api().createCollection(c, Map.of("vectors", vectors, "optimizers_config", Map.of("indexing_threshold", 700,
                "max_optimization_threads", "auto", "prevent_unoptimized", true)));
        JsonNode o = api().info(c).at("/config/optimizer_config");
        assertEquals(700, o.get("indexing_threshold").asInt());
        assertTrue(o.get("max_optimization_threads").isNull(), "auto is shown as Qdrant shows it: null");
        error(client().patch("/collections/" + c, Map.of("optimizers_config", Map.of("flush_interval_sec", -1))),
                400, "flush_interval_sec");
        assertEquals(700, api().info(c).at("/config/optimizer_config/indexing_threshold").asInt(), "unchanged");
    }
}
