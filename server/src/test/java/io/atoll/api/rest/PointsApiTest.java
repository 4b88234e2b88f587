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
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Point writes and reads by id: upsert forms, ids, retrieve selectors, deletes, payload and vector updates, batches. */
class PointsApiTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();

    private static final String UUID_A = "550e8400-e29b-41d4-a716-446655440000";

    private RestClient client() {
        return SERVER.client();
    }

    private QdrantApi api() {
        return new QdrantApi(client());
    }

    /** A single-vector Euclid collection: vectors come back exactly as written. */
    private String euclid(int dim) {
        String c = AtollServerExtension.collection("points");
        api().createCollection(c, Map.of("vectors", Map.of("size", dim, "distance", "Euclid")));
        return c;
    }

    private String named() {
        String c = AtollServerExtension.collection("named_points");
        api().createCollection(c, RestClient.parse("""
                {"vectors": {"text": {"size": 2, "distance": "Dot"}, "image": {"size": 3, "distance": "Euclid"}}}"""));
        return c;
    }

    private JsonNode get(String c, Object id) {
        return ok(client().get("/collections/" + c + "/points/" + id));
    }

    private JsonNode payloadOf(String c, Object id) {
        return get(c, id).get("payload");
    }

    private static List<Double> floats(JsonNode array) {
        List<Double> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asDouble()));
        return out;
    }

    @Test
    void upsertThenRetrieveReturnsPayloadAndVector() {
        String c = euclid(3);
        JsonNode r = ok(client().put("/collections/" + c + "/points?wait=true", RestClient.parse("""
                {"points": [{"id": 1, "vector": [0.5, -1.25, 3], "payload": {"city": "Berlin", "tags": ["a", "b"], "n": {"x": 1}}},
                            {"id": 2, "vector": [1, 2, 3]}]}""")));
        assertEquals("completed", r.get("status").asText());
        assertTrue(r.get("operation_id").isIntegralNumber());
        JsonNode p = get(c, 1);
        assertEquals(1, p.get("id").asInt());
        assertEquals(RestClient.parse("""
                {"city": "Berlin", "tags": ["a", "b"], "n": {"x": 1}}"""), p.get("payload"));
        assertEquals(List.of(0.5, -1.25, 3.0), floats(p.get("vector")));
        assertEquals(RestClient.parse("{}"), payloadOf(c, 2), "a point without payload has an empty one");
    }

    @Test
    void upsertBatchFormStoresEveryColumn() {
        String c = euclid(2);
        ok(client().put("/collections/" + c + "/points?wait=true", RestClient.parse("""
                {"batch": {"ids": [10, 11, "%s"],
                           "vectors": [[1, 2], [3, 4], [5, 6]],
                           "payloads": [{"k": 10}, {"k": 11}, {"k": "uuid"}]}}""".formatted(UUID_A))));
        assertEquals(3, api().count(c));
        assertEquals(List.of(3.0, 4.0), floats(get(c, 11).get("vector")));
        assertEquals(10, payloadOf(c, 10).get("k").asInt());
        assertEquals("uuid", payloadOf(c, UUID_A).get("k").asText());
        assertEquals(List.of(5.0, 6.0), floats(get(c, UUID_A).get("vector")));
    }

    @Test
    void uuidIdsAreAcceptedInAnySpellingAndReturnedHyphenatedLowercase() {
        String c = euclid(2);
        String upper = UUID_A.toUpperCase();
        String simple = "6ba7b8109dad11d180b400c04fd430c8";
        String expectedSimple = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
        api().upsert(c, List.of(Map.of("id", upper, "vector", List.of(1, 1)), Map.of("id", simple, "vector", List.of(2, 2))));
        assertEquals(UUID_A, get(c, UUID_A).get("id").asText());
        assertEquals(UUID_A, get(c, upper).get("id").asText());
        assertEquals(expectedSimple, get(c, expectedSimple).get("id").asText());
        JsonNode found = ok(client().post("/collections/" + c + "/points", Map.of("ids", List.of(simple, UUID_A))));
        Set<String> ids = new HashSet<>();
        found.forEach(p -> ids.add(p.get("id").asText()));
        assertEquals(Set.of(UUID_A, expectedSimple), ids);
    }

    @Test
    void integerIdsCoverTheWholeUnsigned64BitRange() {
        String c = euclid(2);
        BigInteger max = BigInteger.TWO.pow(64).subtract(BigInteger.ONE);
        BigInteger aboveSigned = BigInteger.TWO.pow(63);
        api().upsert(c, List.of(Map.of("id", 0, "vector", List.of(0, 0)), Map.of("id", max, "vector", List.of(1, 1)),
                Map.of("id", aboveSigned, "vector", List.of(2, 2))));
        assertEquals(max, get(c, max).get("id").bigIntegerValue());
        assertEquals(aboveSigned, get(c, aboveSigned).get("id").bigIntegerValue());
        assertEquals(0, get(c, 0).get("id").asInt());
        List<BigInteger> order = new ArrayList<>();
        api().scrollAll(c).forEach(p -> order.add(p.get("id").bigIntegerValue()));
        assertEquals(List.of(BigInteger.ZERO, aboveSigned, max), order, "ids order as unsigned numbers");
    }

    @Test
    void getUnknownPointIs404() {
        String c = euclid(2);
        error(client().get("/collections/" + c + "/points/42"), 404, "Not found", "42");
        error(client().get("/collections/" + c + "/points/" + UUID_A), 404, UUID_A);
    }

    @Test
    void retrieveHonoursWithPayloadIncludeExcludeAndWithVector() {
        String c = euclid(2);
        api().upsert(c, List.of(Map.of("id", 1, "vector", List.of(1, 2),
                "payload", RestClient.parse("{\"a\": 1, \"b\": {\"c\": 2, \"d\": 3}, \"e\": \"x\"}"))));
        String path = "/collections/" + c + "/points";
        JsonNode all = ok(client().post(path, Map.of("ids", List.of(1)))).get(0);
        assertEquals(3, all.get("payload").size(), "with_payload defaults to true on retrieve");
        assertTrue(all.path("vector").isNull() || all.path("vector").isMissingNode(), "with_vector defaults to false");

        JsonNode none = ok(client().post(path, Map.of("ids", List.of(1), "with_payload", false, "with_vector", true))).get(0);
        assertTrue(none.path("payload").isNull() || none.path("payload").isMissingNode(), none::toString);
        assertEquals(List.of(1.0, 2.0), floats(none.get("vector")));

        JsonNode include = ok(client().post(path, Map.of("ids", List.of(1), "with_payload", Map.of("include", List.of("a", "b.c"))))).get(0);
        assertEquals(RestClient.parse("{\"a\": 1, \"b\": {\"c\": 2}}"), include.get("payload"));

        JsonNode list = ok(client().post(path, Map.of("ids", List.of(1), "with_payload", List.of("e")))).get(0);
        assertEquals(RestClient.parse("{\"e\": \"x\"}"), list.get("payload"));

        JsonNode exclude = ok(client().post(path, Map.of("ids", List.of(1), "with_payload", Map.of("exclude", List.of("a", "b.d"))))).get(0);
        assertEquals(RestClient.parse("{\"b\": {\"c\": 2}, \"e\": \"x\"}"), exclude.get("payload"));
    }

    @Test
    void retrieveSkipsMissingIds() {
        String c = euclid(2);
        api().upsert(c, List.of(Map.of("id", 1, "vector", List.of(1, 2)), Map.of("id", 3, "vector", List.of(3, 4))));
        JsonNode found = ok(client().post("/collections/" + c + "/points", Map.of("ids", List.of(3, 2, 1, 99))));
        Set<Integer> ids = new HashSet<>();
        found.forEach(p -> ids.add(p.get("id").asInt()));
        assertEquals(Set.of(1, 3), ids);
        assertEquals(0, ok(client().post("/collections/" + c + "/points", Map.of("ids", List.of()))).size());
    }

    @Test
    void withVectorNamesReturnsOnlyThoseVectors() {
        String c = named();
        api().upsert(c, List.of(Map.of("id", 1, "vector", Map.of("text", List.of(1, 2), "image", List.of(3, 4, 5)))));
        JsonNode p = ok(client().post("/collections/" + c + "/points", Map.of("ids", List.of(1), "with_vector", List.of("image")))).get(0);
        assertEquals(Set.of("image"), names(p.get("vector")));
        assertEquals(List.of(3.0, 4.0, 5.0), floats(p.at("/vector/image")));
        JsonNode both = ok(client().post("/collections/" + c + "/points", Map.of("ids", List.of(1), "with_vector", true))).get(0);
        assertEquals(Set.of("text", "image"), names(both.get("vector")));
        assertEquals(List.of(1.0, 2.0), floats(get(c, 1).at("/vector/text")));
    }

    private static Set<String> names(JsonNode o) {
        Set<String> out = new HashSet<>();
        o.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void pointsMayLackSomeNamedVectors() {
        String c = named();
        api().upsert(c, List.of(Map.of("id", 1, "vector", Map.of("text", List.of(1, 2)))));
        assertEquals(Set.of("text"), names(get(c, 1).get("vector")));
    }

    @Test
    void deleteByIdsRemovesOnlyThosePoints() {
        String c = euclid(2);
        api().upsert(c, List.of(Map.of("id", 1, "vector", List.of(1, 1)), Map.of("id", 2, "vector", List.of(2, 2)),
                Map.of("id", UUID_A, "vector", List.of(3, 3))));
        ok(client().post("/collections/" + c + "/points/delete?wait=true", Map.of("points", List.of(1, UUID_A, 77))));
        assertEquals(1, api().count(c));
        error(client().get("/collections/" + c + "/points/1"), 404, "1");
        get(c, 2);
    }

    @Test
    void deleteByFilterRemovesMatchingPoints() {
        String c = euclid(2);
        List<Object> points = new ArrayList<>();
        int odd = 0;
        for (int i = 1; i <= 20; i++) {
            points.add(Map.of("id", i, "vector", List.of(i, i), "payload", Map.of("parity", i % 2 == 0 ? "even" : "odd")));
            odd += i % 2;
        }
        api().upsert(c, points);
        ok(client().post("/collections/" + c + "/points/delete?wait=true",
                RestClient.parse("{\"filter\": {\"must\": [{\"key\": \"parity\", \"match\": {\"value\": \"even\"}}]}}")));
        assertEquals(odd, api().count(c));
        api().scrollAll(c).forEach(p -> assertEquals("odd", p.at("/payload/parity").asText()));
    }

    @Test
    void setPayloadMergesKeysIntoThePayload() {
        String c = euclid(2);
        api().upsert(c, List.of(Map.of("id", 1, "vector", List.of(1, 1), "payload", Map.of("a", 1, "b", 2)),
                Map.of("id", 2, "vector", List.of(2, 2), "payload", Map.of("a", 9))));
        ok(client().post("/collections/" + c + "/points/payload?wait=true",
                Map.of("payload", Map.of("b", 20, "c", 30), "points", List.of(1))));
        assertEquals(RestClient.parse("{\"a\": 1, \"b\": 20, \"c\": 30}"), payloadOf(c, 1));
        assertEquals(RestClient.parse("{\"a\": 9}"), payloadOf(c, 2), "other points are untouched");
    }

    @Test
    void setPayloadWithKeyWritesUnderThatPath() {
        String c = euclid(2);
        api().upsert(c, List.of(Map.of("id", 1, "vector", List.of(1, 1),
                "payload", RestClient.parse("{\"meta\": {\"keep\": true, \"x\": 1}, \"top\": 0}"))));
        ok(client().post("/collections/" + c + "/points/payload?wait=true",
                Map.of("payload", Map.of("x", 2, "y", 3), "points", List.of(1), "key", "meta")));
        assertEquals(RestClient.parse("{\"meta\": {\"keep\": true, \"x\": 2, \"y\": 3}, \"top\": 0}"), payloadOf(c, 1));
        ok(client().post("/collections/" + c + "/points/payload?wait=true",
                Map.of("payload", Map.of("z", 4), "points", List.of(1), "key", "deep.inner")));
        assertEquals(4, payloadOf(c, 1).at("/deep/inner/z").asInt());
    }

    @Test
    void setPayloadByFilterTouchesOnlyMatchingPoints() {
        String c = euclid(2);
        api().upsert(c, List.of(Map.of("id", 1, "vector", List.of(1, 1), "payload", Map.of("g", "x")),
                Map.of("id", 2, "vector", List.of(2, 2), "payload", Map.of("g", "y"))));
        ok(client().post("/collections/" + c + "/points/payload?wait=true", RestClient.parse(
                "{\"payload\": {\"hit\": true}, \"filter\": {\"must\": [{\"key\": \"g\", \"match\": {\"value\": \"y\"}}]}}")));
        assertFalse(payloadOf(c, 1).has("hit"));
        assertTrue(payloadOf(c, 2).get("hit").asBoolean());
    }

    @Test
    void overwritePayloadReplacesTheWholePayload() {
        String c = euclid(2);
        api().upsert(c, List.of(Map.of("id", 1, "vector", List.of(1, 1), "payload", Map.of("a", 1, "b", 2))));
        ok(client().put("/collections/" + c + "/points/payload?wait=true", Map.of("payload", Map.of("c", 3), "points", List.of(1))));
        assertEquals(RestClient.parse("{\"c\": 3}"), payloadOf(c, 1));
        assertEquals(List.of(1.0, 1.0), floats(get(c, 1).get("vector")), "overwriting the payload keeps the vector");
    }

    @Test
    void deletePayloadKeysRemovesOnlyThoseKeys() {
        String c = euclid(2);
        api().upsert(c, List.of(Map.of("id", 1, "vector", List.of(1, 1),
                "payload", RestClient.parse("{\"a\": 1, \"b\": 2, \"n\": {\"x\": 1, \"y\": 2}}"))));
        ok(client().post("/collections/" + c + "/points/payload/delete?wait=true",
                Map.of("keys", List.of("a", "n.x", "absent"), "points", List.of(1))));
        assertEquals(RestClient.parse("{\"b\": 2, \"n\": {\"y\": 2}}"), payloadOf(c, 1));
    }

    @Test
    void clearPayloadEmptiesItAndKeepsTheVector() {
        String c = euclid(2);
        api().upsert(c, List.of(Map.of("id", 1, "vector", List.of(1, 2), "payload", Map.of("a", 1))));
        ok(client().post("/collections/" + c + "/points/payload/clear?wait=true", Map.of("points", List.of(1))));
        assertEquals(0, payloadOf(c, 1).size());
        assertEquals(List.of(1.0, 2.0), floats(get(c, 1).get("vector")));
    }

    @Test
    void updateVectorsReplacesOnlyTheGivenVector() {
        String c = named();
        api().upsert(c, List.of(Map.of("id", 1, "vector", Map.of("text", List.of(1, 2), "image", List.of(3, 4, 5)),
                "payload", Map.of("keep", 1))));
        ok(client().put("/collections/" + c + "/points/vectors?wait=true",
                Map.of("points", List.of(Map.of("id", 1, "vector", Map.of("image", List.of(7, 8, 9)))))));
        JsonNode p = get(c, 1);
        assertEquals(List.of(7.0, 8.0, 9.0), floats(p.at("/vector/image")));
        assertEquals(List.of(1.0, 2.0), floats(p.at("/vector/text")));
        assertEquals(1, p.at("/payload/keep").asInt());
    }

    @Test
    void updateVectorsOnASingleVectorCollection() {
        String c = euclid(2);
        api().upsert(c, List.of(Map.of("id", 1, "vector", List.of(1, 2))));
        ok(client().put("/collections/" + c + "/points/vectors?wait=true",
                Map.of("points", List.of(Map.of("id", 1, "vector", List.of(5, 6))))));
        assertEquals(List.of(5.0, 6.0), floats(get(c, 1).get("vector")));
    }

    @Test
    void deleteVectorsRemovesTheNamedVectorAndKeepsThePoint() {
        String c = named();
        api().upsert(c, List.of(Map.of("id", 1, "vector", Map.of("text", List.of(1, 2), "image", List.of(3, 4, 5)))));
        ok(client().post("/collections/" + c + "/points/vectors/delete?wait=true",
                Map.of("points", List.of(1), "vector", List.of("text"))));
        JsonNode p = get(c, 1);
        assertEquals(Set.of("image"), names(p.get("vector")));
        assertEquals(1, api().count(c));
    }

    @Test
    void batchAppliesEveryOperationInOrder() {
        String c = euclid(2);
        api().upsert(c, List.of(Map.of("id", 1, "vector", List.of(1, 1), "payload", Map.of("a", 1)),
                Map.of("id", 2, "vector", List.of(2, 2), "payload", Map.of("a", 2))));
        JsonNode result = ok(client().post("/collections/" + c + "/points/batch?wait=true", RestClient.parse("""
                {"operations": [
                  {"upsert": {"points": [{"id": 100, "vector": [5, 5], "payload": {"fresh": true}}]}},
                  {"set_payload": {"payload": {"tagged": 1}, "points": [100]}},
                  {"overwrite_payload": {"payload": {"only": 2}, "points": [2]}},
                  {"delete_payload": {"keys": ["fresh"], "points": [100]}},
                  {"clear_payload": {"points": [1]}},
                  {"update_vectors": {"points": [{"id": 1, "vector": [9, 9]}]}},
                  {"delete": {"points": [2]}}
                ]}""")));
        assertEquals(7, result.size(), "one result per operation");
        result.forEach(r -> assertEquals("completed", r.get("status").asText()));
        assertEquals(RestClient.parse("{\"tagged\": 1}"), payloadOf(c, 100));
        assertEquals(0, payloadOf(c, 1).size());
        assertEquals(List.of(9.0, 9.0), floats(get(c, 1).get("vector")));
        error(client().get("/collections/" + c + "/points/2"), 404, "2");
        assertEquals(2, api().count(c));
    }

    @Test
    void batchCanDeleteVectorsAndUpsertInTheBatchForm() {
        String c = named();
        JsonNode result = ok(client().post("/collections/" + c + "/points/batch?wait=true", RestClient.parse("""
                {"operations": [
                  {"upsert": {"batch": {"ids": [1, 2], "vectors": {"text": [[1, 0], [0, 1]], "image": [[1, 1, 1], [2, 2, 2]]}}}},
                  {"delete_vectors": {"points": [2], "vector": ["image"]}}
                ]}""")));
        assertEquals(2, result.size());
        assertEquals(Set.of("text", "image"), names(get(c, 1).get("vector")));
        assertEquals(Set.of("text"), names(get(c, 2).get("vector")));
    }

    @Test
    void waitTrueCompletesAndWaitFalseIsAcknowledgedThenBecomesVisible() {
        String c = euclid(2);
        JsonNode waited = ok(client().put("/collections/" + c + "/points?wait=true",
                Map.of("points", List.of(Map.of("id", 1, "vector", List.of(1, 1))))));
        assertEquals("completed", waited.get("status").asText());
        assertEquals(1, api().count(c), "wait=true makes the write visible before answering");

        JsonNode acked = ok(client().put("/collections/" + c + "/points?wait=false",
                Map.of("points", List.of(Map.of("id", 2, "vector", List.of(2, 2))))));
        assertEquals("acknowledged", acked.get("status").asText());
        assertTrue(acked.get("operation_id").asLong() > waited.get("operation_id").asLong(), "operation ids increase");
        QdrantApi.await("the unwaited point to become visible", Duration.ofSeconds(15), () -> api().count(c) == 2);

        JsonNode defaulted = ok(client().post("/collections/" + c + "/points/payload",
                Map.of("payload", Map.of("late", true), "points", List.of(2))));
        assertEquals("acknowledged", defaulted.get("status").asText(), "wait defaults to false");
        QdrantApi.await("the unwaited payload to become visible", Duration.ofSeconds(15),
                () -> payloadOf(c, 2).path("late").asBoolean());
    }

    @Test
    void reUpsertOverwritesPayloadAndVector() {
        String c = euclid(2);
        api().upsert(c, List.of(Map.of("id", 1, "vector", List.of(1, 1), "payload", Map.of("old", 1))));
        api().upsert(c, List.of(Map.of("id", 1, "vector", List.of(2, 3), "payload", Map.of("new", 2))));
        JsonNode p = get(c, 1);
        assertEquals(RestClient.parse("{\"new\": 2}"), p.get("payload"), "upsert replaces, it does not merge");
        assertEquals(List.of(2.0, 3.0), floats(p.get("vector")));
        assertEquals(1, api().count(c));
    }

    @Test
    void theLastOfDuplicateIdsInOneUpsertWins() {
        String c = euclid(2);
        api().upsert(c, List.of(Map.of("id", 1, "vector", List.of(1, 1), "payload", Map.of("v", "first")),
                Map.of("id", 1, "vector", List.of(2, 2), "payload", Map.of("v", "second"))));
        assertEquals(1, api().count(c));
        assertEquals("second", payloadOf(c, 1).get("v").asText());
    }

    @Test
    void cosineVectorsComeBackNormalized() {
        String c = AtollServerExtension.collection("cosine");
        api().createCollection(c, Map.of("vectors", Map.of("size", 4, "distance", "Cosine")));
        double[] v = {3, -4, 12, 0.5};
        api().upsert(c, List.of(Map.of("id", 1, "vector", v)));
        double norm = Math.sqrt(3 * 3 + 4 * 4 + 12 * 12 + 0.25);
        List<Double> stored = floats(get(c, 1).get("vector"));
        double length = 0;
        for (int i = 0; i < v.length; i++) {
            assertEquals(v[i] / norm, stored.get(i), 1e-6);
            length += stored.get(i) * stored.get(i);
        }
        assertEquals(1.0, Math.sqrt(length), 1e-6);
    }

    @Test
    void countAndInfoAgreeAfterMixedWrites() {
        String c = euclid(2);
        Map<Integer, Object> alive = new HashMap<>();
        for (int round = 0; round < 3; round++) {
            List<Object> points = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int id = round * 7 + i;
                points.add(Map.of("id", id, "vector", List.of(id, round)));
                alive.put(id, id);
            }
            api().upsert(c, points);
            ok(client().post("/collections/" + c + "/points/delete?wait=true", Map.of("points", List.of(round * 7))));
            alive.remove(round * 7);
        }
        assertEquals(alive.size(), api().count(c));
        assertEquals(alive.size(), api().info(c).get("points_count").asLong());
        assertEquals(alive.size(), api().scrollAll(c).size());
    }
}
