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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Aliases: create, rename, delete, the two listings, and an alias standing in for its collection. */
class AliasesApiTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();

    private RestClient client() {
        return SERVER.client();
    }

    private QdrantApi api() {
        return new QdrantApi(client());
    }

    private String collection() {
        String c = AtollServerExtension.collection("aliased");
        api().createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Euclid")));
        return c;
    }

    private void actions(String json) {
        assertTrue(ok(client().post("/collections/aliases?wait=true", RestClient.parse(json))).asBoolean());
    }

    /** alias name → collection name, from GET /aliases or GET /collections/{c}/aliases. */
    private Map<String, String> aliases(String path) {
        Map<String, String> out = new HashMap<>();
        for (JsonNode a : ok(client().get(path)).get("aliases")) {
            out.put(a.get("alias_name").asText(), a.get("collection_name").asText());
        }
        return out;
    }

    @Test
    void createdAliasIsListedGloballyAndUnderItsCollection() {
        String c1 = collection();
        String c2 = collection();
        String a1 = c1 + "_a";
        String a2 = c2 + "_a";
        actions("""
                {"actions": [{"create_alias": {"collection_name": "%s", "alias_name": "%s"}},
                             {"create_alias": {"collection_name": "%s", "alias_name": "%s"}}]}""".formatted(c1, a1, c2, a2));
        Map<String, String> all = aliases("/aliases");
        assertEquals(c1, all.get(a1));
        assertEquals(c2, all.get(a2));
        assertEquals(Map.of(a1, c1), aliases("/collections/" + c1 + "/aliases"));
        assertEquals(Map.of(a2, c2), aliases("/collections/" + c2 + "/aliases"));
    }

    @Test
    void aliasStandsInForItsCollectionInPointsCalls() {
        String c = collection();
        String a = c + "_alias";
        actions("""
                {"actions": [{"create_alias": {"collection_name": "%s", "alias_name": "%s"}}]}""".formatted(c, a));
        ok(client().put("/collections/" + a + "/points?wait=true", RestClient.parse("""
                {"points": [{"id": 1, "vector": [1, 0], "payload": {"via": "alias"}},
                            {"id": 2, "vector": [0, 1]}]}""")));
        assertEquals(2, api().count(c), "points written through the alias are in the collection");
        assertEquals("alias", ok(client().get("/collections/" + a + "/points/1")).at("/payload/via").asText());
        assertEquals("alias", ok(client().get("/collections/" + c + "/points/1")).at("/payload/via").asText());
        JsonNode found = ok(client().post("/collections/" + a + "/points/search", Map.of("vector", List.of(1, 0), "limit", 1)));
        assertEquals(1, found.get(0).get("id").asInt());
        JsonNode queried = ok(client().post("/collections/" + a + "/points/query", Map.of("query", List.of(0, 1), "limit", 1)));
        assertEquals(2, queried.at("/points/0/id").asInt());
        assertEquals(2, api().scrollAll(a).size());
        ok(client().post("/collections/" + a + "/points/payload?wait=true", Map.of("payload", Map.of("x", 5), "points", List.of(2))));
        assertEquals(5, ok(client().get("/collections/" + c + "/points/2")).at("/payload/x").asInt());
        ok(client().post("/collections/" + a + "/points/delete?wait=true", Map.of("points", List.of(1))));
        assertEquals(1, api().count(c));
        assertEquals(1, api().info(a).get("points_count").asInt(), "collection info through the alias");
    }

    @Test
    void renameMovesTheAliasToItsNewName() {
        String c = collection();
        String old = c + "_old";
        String renamed = c + "_new";
        actions("""
                {"actions": [{"create_alias": {"collection_name": "%s", "alias_name": "%s"}}]}""".formatted(c, old));
        actions("""
                {"actions": [{"rename_alias": {"old_alias_name": "%s", "new_alias_name": "%s"}}]}""".formatted(old, renamed));
        Map<String, String> all = aliases("/aliases");
        assertFalse(all.containsKey(old));
        assertEquals(c, all.get(renamed));
        error(client().post("/collections/" + old + "/points/count", Map.of()), 404, old);
        assertEquals(0, ok(client().post("/collections/" + renamed + "/points/count", Map.of())).get("count").asInt());
    }

    @Test
    void deleteRemovesOnlyTheAlias() {
        String c = collection();
        String a = c + "_gone";
        actions("""
                {"actions": [{"create_alias": {"collection_name": "%s", "alias_name": "%s"}}]}""".formatted(c, a));
        actions("""
                {"actions": [{"delete_alias": {"alias_name": "%s"}}]}""".formatted(a));
        assertFalse(aliases("/aliases").containsKey(a));
        error(client().get("/collections/" + a), 404, a);
        assertTrue(ok(client().get("/collections/" + c + "/exists")).get("exists").asBoolean());
        error(client().post("/collections/aliases", RestClient.parse("""
                {"actions": [{"delete_alias": {"alias_name": "%s"}}]}""".formatted(a))), 404, a);
    }

    @Test
    void aliasActionsApplyAllOrNothing() {
        String c = collection();
        String a = c + "_first";
        String missing = AtollServerExtension.collection("missing");
        error(client().post("/collections/aliases", RestClient.parse("""
                {"actions": [{"create_alias": {"collection_name": "%s", "alias_name": "%s"}},
                             {"create_alias": {"collection_name": "%s", "alias_name": "%s_x"}}]}"""
                .formatted(c, a, missing, c))), 404, missing);
        assertFalse(aliases("/aliases").containsKey(a), "the first action must not apply alone");
    }

    @Test
    void aliasCannotTakeTheNameOfACollection() {
        String c = collection();
        String other = collection();
        error(client().post("/collections/aliases", RestClient.parse("""
                {"actions": [{"create_alias": {"collection_name": "%s", "alias_name": "%s"}}]}""".formatted(c, other))),
                409, "already exists");
        assertTrue(aliases("/collections/" + c + "/aliases").isEmpty());
    }

    @Test
    void droppingACollectionDropsItsAliases() {
        String c = collection();
        String a = c + "_orphan";
        actions("""
                {"actions": [{"create_alias": {"collection_name": "%s", "alias_name": "%s"}}]}""".formatted(c, a));
        ok(client().delete("/collections/" + c));
        assertFalse(aliases("/aliases").containsKey(a));
    }
}
