package io.atoll.api.rest;

import static io.atoll.testing.QdrantAssertions.error;
import static io.atoll.testing.QdrantAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.QdrantApi;
import io.atoll.testing.RestClient;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The service endpoints: version, health probes, Prometheus metrics and telemetry. */
class ServiceApiTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{.*})?\\s+(\\S+)(\\s+-?\\d+)?$");

    private RestClient client() {
        return SERVER.client();
    }

    @Test
    void rootReportsTitleVersionAndCommitWithoutEnvelope() {
        RestClient.Response r = client().get("/");
        assertEquals(200, r.status());
        assertEquals("atoll - vector search engine", r.json().get("title").asText());
        assertEquals("1.19.0", r.json().get("version").asText(), "the Qdrant API version clients compare with theirs");
        assertTrue(r.json().get("atoll_version").asText().matches("\\d+\\.\\d+\\.\\d+.*"), r::toString);
        assertTrue(r.json().get("commit").asText().matches("[0-9a-f]{40}"), r::toString);
        assertNull(r.json().get("result"), "the root answer has no envelope");
    }

    @Test
    void healthzAndLivezAnswerPlainText() {
        for (String probe : List.of("/healthz", "/livez")) {
            RestClient.Response r = client().get(probe);
            assertEquals(200, r.status(), probe);
            assertEquals("healthz check passed", r.raw(), probe);
        }
    }

    @Test
    void readyzSaysAllShardsAreReady() {
        RestClient.Response r = client().get("/readyz");
        assertEquals(200, r.status());
        assertEquals("all shards are ready", r.raw());
    }

    @Test
    void metricsArePrometheusTextWithRestResponsesTotal() {
        ok(client().get("/collections"));
        client().get("/collections/" + AtollServerExtension.collection("metrics_label"));
        RestClient.Response r = client().get("/metrics");
        assertEquals(200, r.status());
        assertTrue(r.raw().contains("# TYPE rest_responses_total counter"), r.raw());
        for (String line : r.raw().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), () -> "not a Prometheus sample line: " + line);
            Double.parseDouble(m.group(3).replace("+Inf", "Infinity"));
        }
        assertTrue(sample(r.raw(), "rest_responses_total", "endpoint=\"/collections\"", "status=\"200\"") >= 1, r.raw());
    }

    @Test
    void metricsCountResponsesByEndpointAndStatus() {
        String missing = AtollServerExtension.collection("metrics_missing");
        double before = notFoundInfoResponses();
        for (int i = 0; i < 3; i++) {
            error(client().get("/collections/" + missing), 404, "doesn't exist");
        }
        // The counter is updated after the response is sent: wait for it rather than racing it.
        QdrantApi.await("three more 404s counted", java.time.Duration.ofSeconds(10),
                () -> notFoundInfoResponses() >= before + 3);
        assertEquals(before + 3, notFoundInfoResponses());
    }

    private double notFoundInfoResponses() {
        return sample(client().get("/metrics").raw(), "rest_responses_total", "method=\"GET\"",
                "endpoint=\"/collections/{name}\"", "status=\"404\"");
    }

    @Test
    void metricsReportPointsPerCollection() {
        QdrantApi api = new QdrantApi(client());
        String c = AtollServerExtension.collection("metrics_points");
        api.createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot")));
        api.upsert(c, List.of(Map.of("id", 1, "vector", List.of(1, 0)), Map.of("id", 2, "vector", List.of(0, 1))));
        assertEquals(2.0, sample(client().get("/metrics").raw(), "collection_points", "id=\"" + c + "\""));
    }

    @Test
    void metricsCarryQdrantsNamesForItsDashboards() {
        String text = client().get("/metrics").raw();
        assertEquals(1.0, sample(text, "app_info", "name=\"atoll\"", "version=\"1.19.0\""), text);
        double listed = ok(client().get("/collections")).get("collections").size();
        assertEquals(listed, sample(client().get("/metrics").raw(), "collections_total"));
        assertEquals(1.0, sample(text, "cluster_enabled"));
        assertEquals(1.0, sample(text, "cluster_peers_total"));
        assertEquals(1.0, sample(text, "cluster_voter"));
        assertTrue(sample(text, "cluster_term") >= 1, text);
        assertTrue(sample(text, "cluster_commit") >= 1, text);
        assertTrue(sample(text, "cluster_last_update_timestamp_seconds") > 1.7e9, text);
        assertEquals(0.0, sample(text, "collection_dead_replicas"), "a node of its own: every replica is Active");
    }

    /** The sum of the samples of {@code metric} whose labels contain every one of {@code labels}. */
    private static double sample(String text, String metric, String... labels) {
        double sum = 0;
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches() || !m.group(1).equals(metric)) {
                continue;
            }
            String l = m.group(2) == null ? "" : m.group(2);
            boolean all = true;
            for (String label : labels) {
                all &= l.contains(label);
            }
            if (all) {
                sum += Double.parseDouble(m.group(3));
            }
        }
        return sum;
    }

    @Test
    void telemetryDescribesNodeCollectionsAndRequests() {
        QdrantApi api = new QdrantApi(client());
        String c = AtollServerExtension.collection("telemetry");
        api.createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Euclid"), "shard_number", 2));
        api.upsert(c, List.of(Map.of("id", 1, "vector", List.of(1, 0)), Map.of("id", 2, "vector", List.of(0, 1)),
                Map.of("id", 3, "vector", List.of(1, 1))));
        JsonNode t = ok(client().get("/telemetry"));
        assertFalse(t.get("id").asText().isEmpty());
        assertEquals("atoll", t.at("/app/name").asText());
        assertTrue(t.at("/app/version").isTextual());
        JsonNode collections = t.get("collections");
        int listed = ok(client().get("/collections")).get("collections").size();
        assertEquals(listed, collections.get("number_of_collections").asInt());
        JsonNode mine = null;
        for (JsonNode e : collections.get("collections")) {
            if (e.get("id").asText().equals(c)) {
                mine = e;
            }
        }
        assertTrue(mine != null, () -> c + " missing from " + t);
        assertEquals(3, mine.get("points_count").asLong());
        // Qdrant's shape: a replica set per shard, with its replicas' states by peer
        JsonNode shards = mine.get("shards");
        assertEquals(2, shards.size());
        assertEquals(0, shards.get(0).get("id").asInt());
        assertEquals("Active", shards.get(0).get("replicate_states").elements().next().asText());
        assertTrue(shards.get(0).get("remote").isArray());
        // Qdrant's ClusterStatusTelemetry: this node's view of the Raft group
        JsonNode status = t.at("/cluster/status");
        assertEquals(1, status.get("number_of_peers").asInt(), t::toString);
        assertEquals("Leader", status.get("role").asText());
        assertTrue(status.get("term").asLong() >= 1 && status.get("commit").asLong() >= 1, t::toString);
        assertEquals("working", status.at("/consensus_thread_status/consensus_thread_status").asText());
    }

    @Test
    void telemetryCountsAnswersByRouteStatusAndGrpcMethod() throws Exception {
        String c = AtollServerExtension.collection("telemetry_counts");
        new QdrantApi(client()).createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot")));
        JsonNode before = ok(client().get("/telemetry")).get("requests");
        error(client().get("/collections/" + c + "/points/77"), 404);
        error(client().get("/collections/" + c + "/points/77"), 404);
        SERVER.grpc().countAsync(c).get();
        var missing = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> SERVER.grpc().countAsync(c + "_missing").get());
        assertEquals(io.grpc.Status.Code.NOT_FOUND, io.grpc.Status.fromThrowable(missing.getCause()).getCode());
        String point = "GET /collections/{name}/points/{id}";
        // The statistics are recorded after the response is sent: wait for them rather than racing them.
        QdrantApi.await("both 404s counted", java.time.Duration.ofSeconds(10), () -> count(ok(client()
                .get("/telemetry")).get("requests"), "/rest/responses", point, "404") >= count(before,
                "/rest/responses", point, "404") + 2);
        JsonNode after = ok(client().get("/telemetry")).get("requests");
        assertEquals(2, count(after, "/rest/responses", point, "404") - count(before, "/rest/responses", point, "404"),
                after::toString);
        JsonNode stats = after.at("/rest/responses").get(point).get("404");
        double min = stats.get("min_duration_micros").asDouble();
        double max = stats.get("max_duration_micros").asDouble();
        assertTrue(min > 0 && min <= stats.get("avg_duration_micros").asDouble()
                && stats.get("avg_duration_micros").asDouble() <= max, stats::toString);
        assertTrue(stats.get("total_duration_micros").asLong() >= (long) max, stats::toString);
        assertTrue(java.time.Instant.parse(stats.get("last_responded").asText()).isAfter(java.time.Instant.EPOCH));
        String grpcCount = "/qdrant.Points/Count";
        assertEquals(1, count(after, "/grpc/responses", grpcCount, "0") - count(before, "/grpc/responses", grpcCount, "0"),
                after::toString);
        assertEquals(1, count(after, "/grpc/responses", grpcCount, "5") - count(before, "/grpc/responses", grpcCount, "5"),
                "NOT_FOUND is code 5: " + after);
    }

    private static long count(JsonNode requests, String api, String method, String status) {
        JsonNode e = requests.at(api).path(method).path(status).path("count");
        return e.isMissingNode() ? 0 : e.asLong();
    }
}
