package io.atoll.api.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.security.Tokens;
import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.RestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A node with keys, beyond the access matrix: exemptions, lists filtered to a token, value_exists, uploads. */
class SecuredRestApiTest {
    @RegisterExtension
    static final AtollServerExtension NODE = SecuredNode.extension("");
    private static RestClient admin;

    @BeforeAll
    static void collections() {
        admin = SecuredNode.withKey(NODE.client(), SecuredNode.KEY);
        for (String c : List.of("a", "b", "users")) {
            assertEquals(200, admin.put("/collections/" + c, Map.of("vectors", Map.of("size", 2, "distance", "Dot")))
                    .status());
        }
        assertEquals(200, admin.post("/collections/aliases", Map.of("actions", List.of(
                Map.of("create_alias", Map.of("collection_name", "a", "alias_name", "alias_of_a")),
                Map.of("create_alias", Map.of("collection_name", "b", "alias_name", "alias_of_b"))))).status());
        assertEquals(200, admin.put("/collections/users/points?wait=true", Map.of("points", List.of(
                Map.of("id", 1, "vector", List.of(1, 0), "payload", Map.of("user", "alice", "active", true)))))
                .status());
    }

    @Test
    void probesAndTheVersionAnswerWithoutAKeyAndNothingElseDoes() {
        RestClient anonymous = NODE.client();
        for (String path : List.of("/", "/healthz", "/livez", "/readyz", "/readyz/", "/v1/.well-known/live",
                "/v1/.well-known/ready")) {
            assertEquals(200, anonymous.get(path).status(), path);
        }
        for (String path : List.of("/healthz%2f..%2fcollections", "/healthz/../collections", "/collections/",
                "/no/such/path", "/v1/no-such")) {
            RestClient.Response r = anonymous.get(path);
            assertEquals(401, r.status(), path + " " + r);
        }
        assertEquals(404, admin.get("/no/such/path").status());
        assertEquals("Must provide an API key or an Authorization bearer token", anonymous.get("/collections").raw());
    }

    @Test
    void listsShowOnlyWhatATokenMaySee() {
        RestClient forA = SecuredNode.withBearer(NODE.client(), Tokens.collection(SecuredNode.KEY, "a", "r"));
        assertEquals(List.of("a"), names(forA.get("/collections").result().get("collections"), "name"));
        assertEquals(List.of("alias_of_a"), names(forA.get("/aliases").result().get("aliases"), "alias_name"));
        assertEquals(List.of("a"), names(forA.get("/telemetry").result().path("collections").get("collections"), "id"));
        assertTrue(names(admin.get("/collections").result().get("collections"), "name").containsAll(List.of("a", "b")));
        // aliases are not resolved: a token must name the alias itself
        assertEquals(403, forA.get("/collections/alias_of_a").status());
        assertEquals(200, forA.get("/collections/a").status());
    }

    @Test
    void aQueryReadsAnotherCollectionOnlyWithAccessToIt() {
        RestClient forA = SecuredNode.withBearer(NODE.client(), Tokens.collection(SecuredNode.KEY, "a", "r"));
        Map<String, Object> lookup = Map.of("query", 1, "lookup_from", Map.of("collection", "users"));
        RestClient.Response refused = forA.post("/collections/a/points/query", lookup);
        assertEquals(403, refused.status(), "lookup_from users with a token for a: " + refused);
        assertTrue(refused.raw().contains("Access to collection users is required"), refused.raw());
        assertEquals(403, forA.post("/collections/a/points/recommend", Map.of("positive", List.of(1), "limit", 1,
                "lookup_from", Map.of("collection", "users"))).status());
        assertEquals(403, forA.post("/collections/a/points/query/groups", Map.of("query", List.of(1, 0), "group_by",
                "g", "with_lookup", "users")).status(), "with_lookup reads users too");
        String both = Tokens.sign(SecuredNode.KEY, Map.of("access", List.of(Map.of("collection", "a", "access", "r"),
                Map.of("collection", "users", "access", "r"))));
        RestClient forBoth = SecuredNode.withBearer(NODE.client(), both);
        assertEquals(200, forBoth.post("/collections/a/points/query", lookup).status(), "a token for both reads both");
        assertEquals(200, admin.post("/collections/a/points/query/groups", Map.of("query", List.of(1, 0), "group_by",
                "g", "with_lookup", "users")).status());
    }

    @Test
    void aValueExistsTokenHoldsWhileItsPointDoes() {
        String token = Tokens.sign(SecuredNode.KEY, Map.of("access", "r", "value_exists", Map.of("collection", "users",
                "matches", List.of(Map.of("key", "user", "value", "alice"), Map.of("key", "active", "value", true)))));
        RestClient alice = SecuredNode.withBearer(NODE.client(), token);
        assertEquals(200, alice.get("/collections/a").status());
        assertEquals(200, admin.post("/collections/users/points/payload?wait=true", Map.of("points", List.of(1),
                "payload", Map.of("active", false))).status());
        RestClient.Response revoked = alice.get("/collections/a");
        assertEquals(401, revoked.status());
        assertEquals("Invalid JWT, stateful validation failed", revoked.raw());
        String missing = Tokens.sign(SecuredNode.KEY, Map.of("value_exists", Map.of("collection", "nobody",
                "matches", List.of(Map.of("key", "user", "value", "alice")))));
        assertEquals(403, SecuredNode.withBearer(NODE.client(), missing).get("/collections/a").status());
    }

    @Test
    void aReadOnlyUploadIsRefusedBeforeItsBodyIsRead() {
        RestClient ro = SecuredNode.withKey(NODE.client(), SecuredNode.RO);
        RestClient.Response r = ro.send("POST", "/collections/a/snapshots/upload", "x".repeat(1 << 20));
        assertEquals(403, r.status());
        assertEquals("Forbidden: Global manage access is required", r.error());
    }

    @Test
    void refusalsNeverEchoWhatWasSent() {
        String secretLooking = "sk-" + "s".repeat(40);
        for (RestClient c : List.of(SecuredNode.withKey(NODE.client(), secretLooking),
                SecuredNode.withBearer(NODE.client(), secretLooking + ".x.y"))) {
            RestClient.Response r = c.get("/collections");
            assertEquals(401, r.status());
            assertFalse(r.raw().contains(secretLooking), r.raw());
        }
        assertFalse(NODE.process().logTail().contains(SecuredNode.KEY), "the log holds no key");
    }

    private static List<String> names(JsonNode list, String field) {
        List<String> out = new ArrayList<>();
        list.forEach(e -> out.add(e.get(field).asText()));
        return out;
    }
}
