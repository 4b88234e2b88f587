package io.atoll.api.security;

import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.RestClient;

/** The keys of the secured test nodes, and their configuration file. */
final class SecuredNode {
    static final String KEY = "full-access-key-for-tests";
    static final String ALT = "alternative-full-key-for-tests";
    static final String RO = "read-only-key-for-tests";

    private SecuredNode() {
    }

    /** A node with all three keys and scoped tokens, plus {@code extra} YAML under {@code service:}. */
    static AtollServerExtension extension(String extraServiceYaml) {
        return new AtollServerExtension("service:\n  api_key: " + KEY + "\n  alt_api_key: " + ALT
                + "\n  read_only_api_key: " + RO + "\n  jwt_rbac: true\n" + extraServiceYaml);
    }

    /** The access matrices' fixture: collections {@code a} (with point 1) and {@code b}; returns the admin client. */
    static RestClient collectionsAAndB(RestClient client) {
        RestClient admin = withKey(client, KEY);
        for (String c : java.util.List.of("a", "b")) {
            org.junit.jupiter.api.Assertions.assertEquals(200, admin.put("/collections/" + c, java.util.Map.of(
                    "vectors", java.util.Map.of("size", 2, "distance", "Dot"))).status());
        }
        org.junit.jupiter.api.Assertions.assertEquals(200, admin.put("/collections/a/points?wait=true",
                java.util.Map.of("points", java.util.List.of(java.util.Map.of("id", 1, "vector",
                        java.util.List.of(1, 0))))).status());
        return admin;
    }

    static RestClient withKey(RestClient client, String key) {
        return client.withHeader("api-key", key);
    }

    static RestClient withBearer(RestClient client, String token) {
        return client.withHeader("Authorization", "Bearer " + token);
    }
}
