package io.atoll.api.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.security.Tokens;
import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.RestClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Per-caller rate limits and a smaller body limit, configured: one caller's flood does not stop another. */
class RequestLimitsTest {
    @RegisterExtension
    static final AtollServerExtension NODE = SecuredNode.extension(
            "  max_request_size_mb: 1\n  max_header_bytes: 4096\n  rate_limit:\n    requests_per_second: 0.2\n    burst: 3\n");

    @Test
    void aCallerOverItsRateGets429WithRetryAfterWhileAnotherCallerGoesOn() {
        RestClient flooding = SecuredNode.withBearer(NODE.client(), Tokens.global(SecuredNode.KEY, "r"));
        int refused = 0;
        RestClient.Response last = null;
        for (int i = 0; i < 6; i++) {
            last = flooding.get("/collections");
            if (last.status() == 429) {
                refused++;
            }
        }
        assertTrue(refused >= 2, "a burst of 3 at one request per 5 s refuses the rest: " + refused);
        assertEquals(429, last.status());
        assertTrue(last.error().startsWith("Rate limiting exceeded: "), last.toString());
        assertEquals(200, SecuredNode.withKey(NODE.client(), SecuredNode.KEY).get("/collections").status());
    }

    @Test
    void bodiesAndHeadsOverTheConfiguredLimitsAreRefused() {
        RestClient admin = SecuredNode.withKey(NODE.client(), SecuredNode.ALT);
        admin.put("/collections/big", Map.of("vectors", Map.of("size", 2, "distance", "Dot")));
        String big = "{\"points\":[{\"id\":1,\"vector\":[1,0],\"payload\":{\"p\":\"" + "x".repeat(1_100_000) + "\"}}]}";
        RestClient.Response r = admin.send("PUT", "/collections/big/points", big);
        assertEquals(413, r.status(), r.toString());
        RestClient.Response head = admin.withHeader("x-padding", "y".repeat(8000)).get("/collections");
        assertEquals(431, head.status());
        assertEquals(List.of(), List.of());
    }
}
