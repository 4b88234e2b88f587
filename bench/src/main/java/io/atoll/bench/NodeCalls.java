package io.atoll.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * REST calls to the nodes of a benchmark's local cluster (the calls that set a scenario up and watch it, not the
 * measured load, which {@link RestTarget} sends). A non-200 answer is an IOException with the server's body.
 */
final class NodeCalls {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<ServerProcess> nodes;

    /** {@code nodes} may grow after this is made (a node added during the run). */
    NodeCalls(List<ServerProcess> nodes) {
        this.nodes = nodes;
    }

    JsonNode call(int node, String method, String path, Object body) throws IOException {
        return JSON.readTree(send(node, method, path, body == null ? null : JSON.writeValueAsBytes(body)));
    }

    byte[] send(int node, String method, String path, byte[] body) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(nodes.get(node).url() + path))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IOException(method + " " + path + " -> " + r.statusCode() + " "
                        + new String(r.body(), StandardCharsets.UTF_8));
            }
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The body of {@code /metrics} of one node. */
    String metrics(int node) throws IOException {
        return new String(send(node, "GET", "/metrics", null), StandardCharsets.UTF_8);
    }
}
