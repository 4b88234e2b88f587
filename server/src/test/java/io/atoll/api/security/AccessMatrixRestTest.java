package io.atoll.api.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.security.Tokens;
import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.RestClient;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every REST operation the node describes, called with every kind of credential, on a node with a full key, an
 * alternative key, a read-only key and scoped tokens: each answers as Qdrant's access rules say (lib/storage/src/rbac
 * and its access tests), a 401 or 403 with Qdrant's words, or gets past the checks. What each operation needs is
 * written here, apart from the server's own table, so a wrong rule on either side fails.
 */
class AccessMatrixRestTest {
    @RegisterExtension
    static final AtollServerExtension NODE = SecuredNode.extension("");

    /** What each operation needs, in the notation of Qdrant's access tests. */
    private enum Needs { NONE, ANY, GLOBAL_READ, GLOBAL_MANAGE, MANAGE_COLLECTION, READ, READ_EXTRAS, WRITE, WRITE_EXTRAS }

    private static final Map<String, Needs> NEEDS = new LinkedHashMap<>();

    static {
        needs(Needs.NONE, "GET /", "GET /healthz", "GET /livez", "GET /readyz", "GET /v1/.well-known/live",
                "GET /v1/.well-known/ready");
        needs(Needs.ANY, "GET /openapi.json", "GET /collections", "GET /aliases", "GET /telemetry", "GET /issues");
        needs(Needs.GLOBAL_READ, "GET /metrics", "GET /cluster", "GET /cluster/metadata", "GET /snapshots",
                "GET /cluster/transfer_rate_limit", "GET /cluster/peer/{}/drain", "GET /cluster/rebalance",
                "GET /snapshots/tasks", "GET /snapshots/{}", "GET /v1/meta", "GET /v1/nodes", "GET /v1/nodes/{}",
                "GET /v1/replication/replicate", "GET /v1/replication/replicate/list", "GET /v1/replication/replicate/{}",
                "GET /v1/replication/sharding-state", "GET /v1/replication/scale");
        needs(Needs.GLOBAL_MANAGE, "PUT /collections/{}", "PATCH /collections/{}", "DELETE /collections/{}",
                "POST /collections/aliases", "PUT /collections/{}/shards", "POST /collections/{}/shards/delete",
                "DELETE /issues", "POST /cluster/recover", "DELETE /cluster/peer/{}", "PUT /cluster/transfer_rate_limit",
                "POST /cluster/peer/{}/drain", "DELETE /cluster/peer/{}/drain", "PUT /cluster/rebalance",
                "POST /snapshots", "DELETE /snapshots/{}", "PUT /collections/{}/snapshots/recover",
                "POST /collections/{}/snapshots/upload", "PUT /collections/{}/shards/{}/snapshots/recover",
                "POST /collections/{}/shards/{}/snapshots/upload", "POST /v1/replication/replicate",
                "DELETE /v1/replication/replicate", "POST /v1/replication/replicate/force-delete",
                "DELETE /v1/replication/replicate/{}", "POST /v1/replication/replicate/{}/cancel",
                "POST /v1/replication/scale");
        needs(Needs.MANAGE_COLLECTION, "POST /collections/{}/cluster");
        needs(Needs.READ, "GET /collections/{}", "GET /collections/{}/exists", "GET /collections/{}/optimizations",
                "GET /collections/{}/shards", "GET /collections/{}/aliases", "GET /collections/{}/points/{}",
                "POST /collections/{}/points", "POST /collections/{}/points/scroll", "POST /collections/{}/points/count",
                "POST /collections/{}/points/search", "POST /collections/{}/points/search/batch",
                "POST /collections/{}/points/query", "POST /collections/{}/points/query/batch",
                "POST /collections/{}/points/query/groups", "POST /collections/{}/points/search/groups",
                "POST /collections/{}/points/recommend", "POST /collections/{}/points/recommend/batch",
                "POST /collections/{}/points/recommend/groups", "POST /collections/{}/points/discover",
                "POST /collections/{}/points/discover/batch", "POST /collections/{}/facet",
                "POST /collections/{}/points/search/matrix/pairs", "POST /collections/{}/points/search/matrix/offsets",
                "GET /collections/{}/shards/{}/snapshots/{}");
        needs(Needs.READ_EXTRAS, "GET /collections/{}/cluster", "GET /collections/{}/cluster/checksums",
                "GET /collections/{}/cluster/explain", "GET /collections/{}/snapshots", "GET /collections/{}/snapshots/{}",
                "GET /collections/{}/shards/{}/snapshots");
        needs(Needs.WRITE, "PUT /collections/{}/points", "POST /collections/{}/points/delete",
                "POST /collections/{}/points/payload", "PUT /collections/{}/points/payload",
                "POST /collections/{}/points/payload/delete", "POST /collections/{}/points/payload/clear",
                "PUT /collections/{}/points/vectors", "POST /collections/{}/points/vectors/delete",
                "POST /collections/{}/points/batch");
        needs(Needs.WRITE_EXTRAS, "PUT /collections/{}/index", "DELETE /collections/{}/index/{}",
                "PUT /collections/{}/vectors/{}", "DELETE /collections/{}/vectors/{}", "POST /collections/{}/snapshots",
                "DELETE /collections/{}/snapshots/{}", "POST /collections/{}/shards/{}/snapshots",
                "DELETE /collections/{}/shards/{}/snapshots/{}", "GET /collections/{}/shards/{}/snapshot");
    }

    private static void needs(Needs n, String... operations) {
        for (String o : operations) {
            NEEDS.put(o, n);
        }
    }

    /** A credential, how it is sent, and what it is expected to get for each need (null: past the checks). */
    private record Credential(String name, Function<RestClient, RestClient> send, Function<Needs, Refusal> expect) {
    }

    private record Refusal(int status, String message) {
    }

    private static Refusal unauthenticated(String message) {
        return new Refusal(401, message);
    }

    private static Refusal forbidden(String message) {
        return new Refusal(403, "Forbidden: " + message);
    }

    private static final List<Credential> CREDENTIALS = List.of(
            new Credential("no credential", c -> c, n -> n == Needs.NONE ? null
                    : unauthenticated("Must provide an API key or an Authorization bearer token")),
            new Credential("a wrong key", c -> SecuredNode.withKey(c, "wrong"), n -> n == Needs.NONE ? null
                    : unauthenticated("Invalid API key or JWT")),
            new Credential("the full key", c -> SecuredNode.withKey(c, SecuredNode.KEY), n -> null),
            new Credential("the alternative key as a bearer", c -> SecuredNode.withBearer(c, SecuredNode.ALT), n -> null),
            new Credential("the read-only key", c -> SecuredNode.withKey(c, SecuredNode.RO), AccessMatrixRestTest::readOnly),
            new Credential("a global r token", c -> SecuredNode.withBearer(c, Tokens.global(SecuredNode.KEY, "r")),
                    AccessMatrixRestTest::readOnly),
            new Credential("a global m token", c -> SecuredNode.withBearer(c, Tokens.global(SecuredNode.ALT, "m")), n -> null),
            new Credential("an r token for a", c -> SecuredNode.withBearer(c, Tokens.collection(SecuredNode.KEY, "a", "r")),
                    n -> switch (n) {
                        case GLOBAL_READ, GLOBAL_MANAGE -> forbidden("Global access is required");
                        case WRITE, WRITE_EXTRAS, MANAGE_COLLECTION -> forbidden("Write access to collection a is required");
                        default -> null;
                    }),
            new Credential("an rw token for a", c -> SecuredNode.withBearer(c, Tokens.collection(SecuredNode.KEY, "a", "rw")),
                    n -> switch (n) {
                        case GLOBAL_READ, GLOBAL_MANAGE -> forbidden("Global access is required");
                        case MANAGE_COLLECTION -> forbidden("Manage access for this operation is required");
                        default -> null;
                    }),
            new Credential("a prw token for a", c -> SecuredNode.withBearer(c, Tokens.collection(SecuredNode.KEY, "a", "prw")),
                    n -> switch (n) {
                        case GLOBAL_READ, GLOBAL_MANAGE -> forbidden("Global access is required");
                        case READ_EXTRAS, WRITE_EXTRAS, MANAGE_COLLECTION ->
                                forbidden("Only points access is allowed for collection a");
                        default -> null;
                    }),
            new Credential("an rw token for another collection", c -> SecuredNode.withBearer(c,
                    Tokens.collection(SecuredNode.KEY, "b", "rw")), n -> switch (n) {
                        case NONE, ANY -> null;
                        case GLOBAL_READ, GLOBAL_MANAGE -> forbidden("Global access is required");
                        default -> forbidden("Access to collection a is required");
                    }),
            new Credential("an expired token", c -> SecuredNode.withBearer(c, Tokens.expiring(SecuredNode.KEY, -60)),
                    n -> n == Needs.NONE ? null : unauthenticated("ExpiredSignature")),
            new Credential("a token signed with another secret", c -> SecuredNode.withBearer(c,
                    Tokens.global("another-secret", "m")), n -> n == Needs.NONE ? null : unauthenticated("InvalidSignature")),
            new Credential("a malformed token", c -> SecuredNode.withBearer(c, "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.x"),
                    n -> n == Needs.NONE ? null : unauthenticated("Invalid API key or JWT")));

    private static Refusal readOnly(Needs n) {
        return switch (n) {
            case GLOBAL_MANAGE, MANAGE_COLLECTION, WRITE, WRITE_EXTRAS -> forbidden("Global manage access is required");
            default -> null;
        };
    }

    @BeforeAll
    static void collections() {
        SecuredNode.collectionsAAndB(NODE.client());
    }

    @Test
    void everyOperationAnswersEachCredentialAsTheRulesSay() throws IOException {
        List<String[]> operations = describedOperations();
        assertEquals(NEEDS.keySet().stream().sorted().toList(),
                operations.stream().map(o -> o[0] + " " + o[1].replaceAll("\\{[^}/]*}", "{}")).sorted().toList(),
                "this test lists what every described operation needs");
        List<String> wrong = new ArrayList<>();
        for (Credential credential : CREDENTIALS) {
            RestClient client = credential.send().apply(NODE.client());
            for (String[] op : operations) {
                Needs needs = NEEDS.get(op[0] + " " + op[1].replaceAll("\\{[^}/]*}", "{}"));
                String path = concrete(op[0], op[1]);
                RestClient.Response r = client.send(op[0], path, op[0].equals("GET") || op[0].equals("DELETE")
                        ? null : "{}");
                String problem = judge(credential.expect().apply(needs), path, r);
                if (problem != null) {
                    wrong.add(credential.name() + ": " + op[0] + " " + path + " (" + needs + "): " + problem);
                }
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " answers differ from the rules:\n" + String.join("\n", wrong));
    }

    private static String judge(Refusal expected, String path, RestClient.Response r) {
        if (expected == null) {
            return r.status() == 401 || r.status() == 403 || r.status() >= 500 ? "expected to pass the checks, got " + r
                    : null;
        }
        if (r.status() != expected.status()) {
            return "expected " + expected.status() + ", got " + r;
        }
        String message = path.startsWith("/v1/") ? r.json().path("error").path(0).path("message").asText()
                : expected.status() == 401 ? r.raw() : r.error();
        String want = path.startsWith("/v1/") && expected.status() == 403 ? expected.message().substring(11)
                : expected.message();
        return want.equals(message) ? null : "expected `" + want + "`, got " + r;
    }

    /** The operations of the served description, as {method, template}. */
    static List<String[]> describedOperations() throws IOException {
        try (InputStream in = AccessMatrixRestTest.class.getResourceAsStream("/io/atoll/api/rest/openapi.json")) {
            JsonNode paths = RestClient.JSON.readTree(in).get("paths");
            List<String[]> out = new ArrayList<>();
            paths.properties().forEach(p -> p.getValue().fieldNames().forEachRemaining(m -> {
                if (List.of("get", "put", "post", "delete", "patch").contains(m)) {
                    out.add(new String[]{m.toUpperCase(java.util.Locale.ROOT), p.getKey()});
                }
            }));
            return out;
        }
    }

    /**
     * A path to call: collection {@code a}, except dropping a collection, which names one that does not exist (an
     * allowed caller would otherwise drop the fixture). Every other parameter names nothing, so allowed calls change
     * nothing that matters.
     */
    static String concrete(String method, String template) {
        String collection = method.equals("DELETE") && template.equals("/collections/{collection_name}") ? "scratch" : "a";
        String id = template.startsWith("/v1/") ? "00000000-0000-4000-8000-000000000000" : "1";
        return template.replace("{collection_name}", collection).replace("{collection}", "A").replace("{id}", id)
                .replace("{field_name}", "f").replace("{vector_name}", "v").replace("{peer_id}", "999999")
                .replace("{shard_id}", "0").replace("{snapshot_name}", "none.snapshot");
    }
}
