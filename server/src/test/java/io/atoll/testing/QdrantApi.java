package io.atoll.testing;

import static io.atoll.testing.QdrantAssertions.ok;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Test set-up and read-back through the REST API: each call asserts that it succeeded. */
public final class QdrantApi {
    private final RestClient client;

    public QdrantApi(RestClient client) {
        this.client = client;
    }

    public RestClient client() {
        return client;
    }

    public void createCollection(String name, Object body) {
        ok(client.put("/collections/" + name, body));
    }

    /** Upserts {@code points} (a list of point objects) and waits until they are visible. */
    public void upsert(String collection, Object points) {
        ok(client.put("/collections/" + collection + "/points?wait=true", Map.of("points", points)));
    }

    public JsonNode info(String collection) {
        return ok(client.get("/collections/" + collection));
    }

    public long count(String collection) {
        return ok(client.post("/collections/" + collection + "/points/count", Map.of("exact", true))).get("count").asLong();
    }

    public long count(String collection, Object filter) {
        return ok(client.post("/collections/" + collection + "/points/count", Map.of("exact", true, "filter", filter)))
                .get("count").asLong();
    }

    /** Every point, in id order, with payload and vectors, following next_page_offset to the end. */
    public List<JsonNode> scrollAll(String collection) {
        return scrollAll(collection, null, 100);
    }

    public List<JsonNode> scrollAll(String collection, Object filter, int pageSize) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode offset = null;
        do {
            ObjectNode body = RestClient.JSON.createObjectNode();
            body.put("limit", pageSize).put("with_payload", true).put("with_vector", true);
            if (filter != null) {
                body.set("filter", RestClient.JSON.valueToTree(filter));
            }
            if (offset != null) {
                body.set("offset", offset);
            }
            JsonNode page = ok(client.post("/collections/" + collection + "/points/scroll", body));
            page.get("points").forEach(out::add);
            offset = page.get("next_page_offset");
        } while (offset != null && !offset.isNull());
        return out;
    }

    /** Waits (polling, never a fixed sleep) until {@code condition} holds. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
