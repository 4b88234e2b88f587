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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Collections: create, info, list, exists, update, delete, and payload indexes. */
class CollectionsApiTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();

    private RestClient client() {
        return SERVER.client();
    }

    private QdrantApi api() {
        return new QdrantApi(client());
    }

    private static String name(String prefix) {
        return AtollServerExtension.collection(prefix);
    }

    @Test
    void createSingleVectorCollectionReportsItsConfigInInfo() {
        String c = name("single");
        JsonNode created = ok(client().put("/collections/" + c, RestClient.parse("""
                {"vectors": {"size": 4, "distance": "Cosine"}, "shard_number": 2,
                 "hnsw_config": {"m": 8, "ef_construct": 50}, "on_disk_payload": false}""")));
        assertTrue(created.asBoolean());
        JsonNode info = api().info(c);
        assertEquals("green", info.get("status").asText());
        assertEquals(0, info.get("points_count").asLong());
        assertTrue(info.get("indexed_vectors_count").isIntegralNumber());
        assertTrue(info.get("segments_count").isIntegralNumber());
        JsonNode params = info.at("/config/params");
        assertEquals(4, params.at("/vectors/size").asInt());
        assertEquals("Cosine", params.at("/vectors/distance").asText());
        assertEquals(2, params.get("shard_number").asInt());
        assertEquals(1, params.get("replication_factor").asInt());
        assertEquals(1, params.get("write_consistency_factor").asInt());
        assertFalse(params.get("on_disk_payload").asBoolean());
        assertEquals(8, info.at("/config/hnsw_config/m").asInt());
        assertEquals(50, info.at("/config/hnsw_config/ef_construct").asInt());
        assertTrue(info.at("/config/optimizer_config").isObject());
        assertTrue(info.get("payload_schema").isObject());
        assertEquals(0, info.get("payload_schema").size());
    }

    @Test
    void createNamedVectorsCollectionReportsEachVector() {
        String c = name("named");
        ok(client().put("/collections/" + c, RestClient.parse("""
                {"vectors": {"text": {"size": 3, "distance": "Dot"},
                             "image": {"size": 5, "distance": "Euclid", "on_disk": true, "hnsw_config": {"m": 4}},
                             "geo": {"size": 2, "distance": "Manhattan"}}}""")));
        JsonNode vectors = api().info(c).at("/config/params/vectors");
        assertEquals(Set.of("text", "image", "geo"), fieldNames(vectors));
        assertEquals(3, vectors.at("/text/size").asInt());
        assertEquals("Dot", vectors.at("/text/distance").asText());
        assertEquals(5, vectors.at("/image/size").asInt());
        assertEquals("Euclid", vectors.at("/image/distance").asText());
        assertTrue(vectors.at("/image/on_disk").asBoolean());
        assertEquals(4, vectors.at("/image/hnsw_config/m").asInt());
        assertEquals("Manhattan", vectors.at("/geo/distance").asText());
    }

    @Test
    void infoCountsUpsertedPoints() {
        String c = name("counted");
        api().createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Euclid"), "shard_number", 3));
        List<Object> points = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            points.add(Map.of("id", i, "vector", List.of(i, -i)));
        }
        api().upsert(c, points);
        JsonNode info = api().info(c);
        assertEquals(25, info.get("points_count").asLong());
        assertEquals(25, info.get("indexed_vectors_count").asLong());
    }

    @Test
    void listShowsCreatedCollectionsAndNotDeletedOnes() {
        String kept = name("listed");
        String dropped = name("dropped");
        api().createCollection(kept, Map.of("vectors", Map.of("size", 2, "distance", "Dot")));
        api().createCollection(dropped, Map.of("vectors", Map.of("size", 2, "distance", "Dot")));
        assertTrue(listed().containsAll(Set.of(kept, dropped)));
        assertTrue(ok(client().delete("/collections/" + dropped)).asBoolean());
        Set<String> after = listed();
        assertTrue(after.contains(kept));
        assertFalse(after.contains(dropped));
    }

    private Set<String> listed() {
        Set<String> out = new HashSet<>();
        ok(client().get("/collections")).get("collections").forEach(e -> out.add(e.get("name").asText()));
        return out;
    }

    @Test
    void existsIsTrueForACollectionAndFalseForAnUnknownName() {
        String c = name("exists");
        api().createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot")));
        assertTrue(ok(client().get("/collections/" + c + "/exists")).get("exists").asBoolean());
        assertFalse(ok(client().get("/collections/" + name("never") + "/exists")).get("exists").asBoolean());
    }

    @Test
    void patchUpdatesParamsHnswAndVectorConfig() {
        String c = name("patched");
        api().createCollection(c, RestClient.parse("""
                {"vectors": {"text": {"size": 3, "distance": "Dot"}}, "hnsw_config": {"m": 16, "ef_construct": 100}}"""));
        assertTrue(ok(client().patch("/collections/" + c, RestClient.parse("""
                {"params": {"replication_factor": 2, "write_consistency_factor": 2},
                 "hnsw_config": {"ef_construct": 200},
                 "vectors": {"text": {"on_disk": true}}}"""))).asBoolean());
        JsonNode info = api().info(c);
        assertEquals(2, info.at("/config/params/replication_factor").asInt());
        assertEquals(2, info.at("/config/params/write_consistency_factor").asInt());
        assertEquals(200, info.at("/config/hnsw_config/ef_construct").asInt());
        assertEquals(16, info.at("/config/hnsw_config/m").asInt(), "fields not named keep their value");
        assertTrue(info.at("/config/params/vectors/text/on_disk").asBoolean());
        assertEquals(3, info.at("/config/params/vectors/text/size").asInt());
    }

    @Test
    void deleteRemovesTheCollectionAndItsPoints() {
        String c = name("deleted");
        api().createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot")));
        api().upsert(c, List.of(Map.of("id", 1, "vector", List.of(1, 2))));
        assertTrue(ok(client().delete("/collections/" + c + "?wait=true")).asBoolean());
        error(client().get("/collections/" + c), 404, "Not found", c);
        assertFalse(ok(client().get("/collections/" + c + "/exists")).get("exists").asBoolean());
        api().createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot")));
        assertEquals(0, api().count(c), "a re-created collection starts empty");
    }

    @Test
    void duplicateCreateIsRefusedWith409AndKeepsTheFirst() {
        String c = name("dup");
        api().createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot")));
        error(client().put("/collections/" + c, Map.of("vectors", Map.of("size", 7, "distance", "Euclid"))), 409,
                "already exists");
        assertEquals(2, api().info(c).at("/config/params/vectors/size").asInt());
    }

    @Test
    void unknownCollectionIs404OnEveryCollectionEndpointButItsDrop() {
        String c = name("unknown");
        error(client().get("/collections/" + c), 404, "Not found", c);
        error(client().patch("/collections/" + c, Map.of("params", Map.of("replication_factor", 1))), 404, c);
        assertFalse(ok(client().delete("/collections/" + c)).asBoolean(), "dropping a missing collection answers false");
        error(client().put("/collections/" + c + "/index", Map.of("field_name", "a", "field_schema", "keyword")), 404, c);
        error(client().delete("/collections/" + c + "/index/a"), 404, c);
        error(client().get("/collections/" + c + "/aliases"), 404, c);
    }

    @Test
    void payloadIndexShowsInSchemaWithItsPointsCountAndGoesAway() {
        String c = name("indexed");
        api().createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot"), "shard_number", 2));
        List<Object> points = new ArrayList<>();
        int withCity = 0;
        int withCount = 0;
        for (int i = 1; i <= 12; i++) {
            Map<String, Object> payload = new java.util.HashMap<>();
            if (i % 3 != 0) {
                payload.put("city", "c" + i);
                withCity++;
            }
            if (i % 2 == 0) {
                payload.put("count", i);
                withCount++;
            }
            points.add(Map.of("id", i, "vector", List.of(i, 1), "payload", payload));
        }
        api().upsert(c, points);
        ok(client().put("/collections/" + c + "/index?wait=true", Map.of("field_name", "city", "field_schema", "keyword")));
        ok(client().put("/collections/" + c + "/index?wait=true",
                Map.of("field_name", "count", "field_schema", Map.of("type", "integer", "range", true))));
        ok(client().put("/collections/" + c + "/index?wait=true",
                Map.of("field_name", "notes", "field_schema", Map.of("type", "text", "tokenizer", "word"))));
        JsonNode schema = api().info(c).get("payload_schema");
        assertEquals(Set.of("city", "count", "notes"), fieldNames(schema));
        assertEquals("keyword", schema.at("/city/data_type").asText());
        assertEquals(withCity, schema.at("/city/points").asLong());
        assertEquals("integer", schema.at("/count/data_type").asText());
        assertEquals(withCount, schema.at("/count/points").asLong());
        assertEquals("text", schema.at("/notes/data_type").asText());
        assertEquals(0, schema.at("/notes/points").asLong());

        ok(client().delete("/collections/" + c + "/index/city?wait=true"));
        assertEquals(Set.of("count", "notes"), fieldNames(api().info(c).get("payload_schema")));
        error(client().delete("/collections/" + c + "/index/city"), 404, "city");
    }

    /**
     * Regression for chaos run "partitions" seed 1056: an index created while another creation was in flight
     * disappeared. Each creation proposed the collection's whole params as its node last saw them, so the one
     * committed second put back params without the other's field. Now a params change commits only over the
     * params it was computed from, and is made again when they changed meanwhile.
     */
    @Test
    void concurrentIndexCreationsAllTakeEffect() throws Exception {
        String c = name("concurrent_indexes");
        api().createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot")));
        Set<String> fields = new HashSet<>();
        List<Thread> creators = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String field = "f" + i;
            fields.add(field);
            creators.add(Thread.ofVirtual().start(() -> ok(client().put("/collections/" + c + "/index?wait=true",
                    Map.of("field_name", field, "field_schema", "keyword")))));
        }
        for (Thread t : creators) {
            t.join();
        }
        assertEquals(fields, fieldNames(api().info(c).get("payload_schema")));
    }

    @Test
    void everyPayloadIndexTypeIsAccepted() {
        String c = name("index_types");
        api().createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot")));
        List<String> types = List.of("keyword", "integer", "float", "bool", "geo", "text", "datetime", "uuid");
        for (String t : types) {
            ok(client().put("/collections/" + c + "/index?wait=true", Map.of("field_name", "f_" + t, "field_schema", t)));
        }
        JsonNode schema = api().info(c).get("payload_schema");
        for (String t : types) {
            assertEquals(t, schema.at("/f_" + t + "/data_type").asText(), schema::toString);
        }
    }

    private static Set<String> fieldNames(JsonNode o) {
        Set<String> out = new HashSet<>();
        o.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
