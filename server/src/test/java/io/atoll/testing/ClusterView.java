package io.atoll.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One node's answer to GET /cluster (Qdrant's shape): its peer id, the peers it knows with their URIs, and its
 * Raft view. {@code leader} is null while the node knows no leader; a disabled cluster has no peers and peer id 0.
 */
public record ClusterView(String status, long peerId, Map<Long, String> peers, Long leader, String role,
                          long term, long commit) {
    // Short, unlike RestClient's: a paused node accepts connections and never answers, and a poll must move on.
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public ClusterView {
        peers = Map.copyOf(peers);
    }

    public boolean enabled() {
        return "enabled".equals(status);
    }

    /** The node's view, or empty when it does not answer 200 within a few seconds (down, paused, starting). */
    public static Optional<ClusterView> fetch(String baseUrl) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/cluster"))
                    .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return Optional.empty();
            }
            return Optional.of(parse(RestClient.parse(r.body()).path("result")));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Parses the {@code result} object of GET /cluster. */
    public static ClusterView parse(JsonNode result) {
        Map<Long, String> peers = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : result.path("peers").properties()) {
            peers.put(Long.parseLong(e.getKey()), e.getValue().path("uri").asText());
        }
        JsonNode raft = result.path("raft_info");
        JsonNode leader = raft.path("leader");
        return new ClusterView(result.path("status").asText(), result.path("peer_id").asLong(), peers,
                leader.isNumber() ? leader.asLong() : null, raft.path("role").asText(null),
                raft.path("term").asLong(), raft.path("commit").asLong());
    }

    @Override
    public String toString() {
        return status + " peer_id=" + peerId + " role=" + role + " leader=" + leader + " term=" + term
                + " commit=" + commit + " peers=" + peers;
    }
}
