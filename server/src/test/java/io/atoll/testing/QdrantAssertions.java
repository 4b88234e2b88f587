package io.atoll.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** Assertions on Qdrant's response envelopes. */
public final class QdrantAssertions {
    private QdrantAssertions() {
    }

    /** A 200 with {@code {"result": ..., "status": "ok", "time": <number>}}; returns the result. */
    public static JsonNode ok(RestClient.Response r) {
        assertEquals(200, r.status(), () -> "expected 200, got " + r);
        assertNotNull(r.json(), () -> "not JSON: " + r);
        assertEquals("ok", r.json().path("status").asText(), () -> "status is not ok: " + r);
        assertTrue(r.json().path("time").isNumber(), () -> "no numeric time: " + r);
        assertTrue(r.json().has("result"), () -> "no result: " + r);
        return r.result();
    }

    /**
     * An error in Qdrant's envelope {@code {"status": {"error": "..."}, "time": <number>}} with this status code,
     * whose message contains every one of {@code words} (ignoring case). Returns the message.
     */
    public static String error(RestClient.Response r, int status, String... words) {
        assertEquals(status, r.status(), () -> "expected " + status + ", got " + r);
        assertNotNull(r.json(), () -> "error body is not JSON: " + r);
        assertTrue(r.json().path("status").path("error").isTextual(), () -> "no status.error message: " + r);
        assertTrue(r.json().path("time").isNumber(), () -> "no numeric time: " + r);
        assertNull(r.json().get("result"), () -> "an error must not carry a result: " + r);
        String message = r.error();
        for (String w : words) {
            assertTrue(message.toLowerCase(Locale.ROOT).contains(w.toLowerCase(Locale.ROOT)),
                    () -> "message should mention '" + w + "': " + r);
        }
        return message;
    }

    /** Any 4xx in Qdrant's envelope whose message contains {@code words}. */
    public static String clientError(RestClient.Response r, String... words) {
        assertTrue(r.status() >= 400 && r.status() < 500, () -> "expected a 4xx, got " + r);
        return error(r, r.status(), words);
    }

    /** The server still answers its liveness probe. */
    public static void serves(RestClient client) {
        RestClient.Response h = client.get("/healthz");
        assertEquals(200, h.status(), () -> "server no longer healthy: " + h);
        assertEquals("healthz check passed", h.raw());
    }
}
