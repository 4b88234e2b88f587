package io.atoll.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The checks {@link RestClient} makes on every exchange: that they catch what the description forbids (a test
 * suite whose validation accepts anything would prove nothing), and that every response schema in the
 * description compiles and resolves.
 */
class OpenApiContractTest {
    private static final OpenApiContract API = OpenApiContract.ATOLL;
    private static final String JSON = "application/json";

    @Test
    void aRequestReachesTheMostLiteralTemplateOfItsMethod() {
        assertEquals(Optional.of(new OpenApiContract.Operation("/snapshots/tasks", "get")),
                API.match("GET", "/snapshots/tasks"));
        assertEquals(Optional.of(new OpenApiContract.Operation("/snapshots/{snapshot_name}", "get")),
                API.match("GET", "/snapshots/full-1.snapshot"));
        assertEquals(Optional.of(new OpenApiContract.Operation("/collections/aliases", "post")),
                API.match("POST", "/collections/aliases?wait=true"));
        assertEquals(Optional.of(new OpenApiContract.Operation("/collections/{collection_name}", "get")),
                API.match("GET", "/collections/aliases/"));
        assertEquals(Optional.empty(), API.match("PATCH", "/collections"));
    }

    @Test
    void aResponseAsDescribedPasses() {
        assertEquals(List.of(), API.violations("PUT", "/collections/c/points?wait=true", 200, JSON,
                "{\"result\":{\"operation_id\":3,\"status\":\"completed\"},\"status\":\"ok\",\"time\":0.01}"));
        assertEquals(List.of(), API.violations("GET", "/collections/c/points/7", 404, JSON,
                "{\"status\":{\"error\":\"Not found: Point with id 7 does not exists!\"},\"time\":0.0}"));
        assertEquals(List.of(), API.violations("GET", "/metrics", 200, "text/plain; version=0.0.4", "app_info 1\n"));
        assertEquals(List.of(), API.violations("DELETE", "/v1/replication/replicate/x", 204, null, ""));
        assertEquals(List.of(), API.violations("GET", "/no/such/thing", 404, JSON,
                "{\"status\":{\"error\":\"Not found: no such endpoint\"},\"time\":0}"));
    }

    @Test
    void aResponseTheDescriptionForbidsFailsNamingWhy() {
        // a required field missing, a value of the wrong type, an enum broken, a field nobody described
        assertFails(API.violations("PUT", "/collections/c/points", 200, JSON,
                "{\"result\":{\"status\":\"completed\"},\"status\":\"ok\",\"time\":0.01}"), "operation_id");
        assertFails(API.violations("POST", "/collections/c/points/count", 200, JSON,
                "{\"result\":{\"count\":\"3\"},\"status\":\"ok\",\"time\":0.01}"), "count");
        assertFails(API.violations("PUT", "/collections/c/points", 200, JSON,
                "{\"result\":{\"operation_id\":1,\"status\":\"done\"},\"status\":\"ok\",\"time\":0.01}"), "status");
        assertFails(API.violations("GET", "/collections/c/exists", 200, JSON,
                "{\"result\":{\"exists\":true,\"extra\":1},\"status\":\"ok\",\"time\":0.01}"), "extra");
        // an error outside the envelope; a body where none is described; a media type not described
        assertFails(API.violations("GET", "/collections/c", 404, JSON, "{\"error\":\"no\"}"), "status");
        assertFails(API.violations("DELETE", "/v1/replication/replicate/x", 204, JSON, "{}"), "no body");
        assertFails(API.violations("GET", "/collections", 200, "text/html", "<html/>"), "content type");
        // a success where nothing is described; Qdrant's envelope where Weaviate's error body belongs
        assertFails(API.violations("GET", "/no/such/thing", 200, JSON, "{}"), "does not list");
        assertFails(API.violations("GET", "/v1/nodes/missing", 404, JSON,
                "{\"status\":{\"error\":\"class not found\"},\"time\":0}"), "error");
    }

    @Test
    void aRequestBodyTheServerTookMustBeOneTheDescriptionTakes() {
        assertEquals(List.of(), API.requestViolations("PUT", "/collections/c/points?wait=true",
                "{\"points\":[{\"id\":\"6ba7b8109dad11d180b400c04fd430c8\",\"vector\":[1,2]}],"
                        + "\"shard_key\":{\"target\":\"a\",\"fallback\":\"b\"}}"));
        assertEquals(List.of(), API.requestViolations("POST", "/cluster/recover", "{\"anything\":1}"));
        assertFails(API.requestViolations("PUT", "/collections/c/points", "{\"points\":[{\"id\":-1,\"vector\":[1]}]}"),
                "id");
        assertFails(API.requestViolations("POST", "/collections/c/points/search", "{\"vector\":[1],\"limitt\":3}"),
                "limitt");
        assertEquals(List.of(), API.requestViolations("POST", "/collections/c/points/count?consistency=all", null));
        assertFails(API.requestViolations("POST", "/collections/c/points/count?wait=true", null), "`wait`");
    }

    @Test
    void everyResponseSchemaCompilesAndEveryReferenceResolves() {
        // Each operation's each response, given a body nothing accepts: a schema that does not compile or a $ref
        // that leads nowhere throws instead of answering with findings.
        for (String operation : API.operations()) {
            String method = operation.substring(0, operation.indexOf(' '));
            String template = operation.substring(operation.indexOf(' ') + 1);
            String path = template.replaceAll("\\{[^}/]*}", "x");
            API.document().path("paths").path(template).path(method.toLowerCase()).path("responses").properties()
                    .forEach(r -> {
                        int status = r.getKey().equals("default") ? 500 : Integer.parseInt(r.getKey());
                        boolean json = API.document().at("/components/responses/Error").equals(r.getValue())
                                || r.getValue().has("$ref") || r.getValue().path("content").has(JSON);
                        if (json) {
                            assertFalse(API.violations(method, path, status, JSON, "[[[1]]]").isEmpty(),
                                    operation + " " + r.getKey() + " accepts anything");
                        }
                    });
        }
    }

    private static void assertFails(List<String> violations, String mentioning) {
        assertFalse(violations.isEmpty(), "expected a violation mentioning " + mentioning);
        assertTrue(violations.stream().anyMatch(v -> v.contains(mentioning)), violations.toString());
    }
}
