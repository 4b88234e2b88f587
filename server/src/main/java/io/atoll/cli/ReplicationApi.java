package io.atoll.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The endpoints of one node's REST API the command line uses: replication (Weaviate's {@code /v1/replication/...}),
 * and through {@link #send} the others (drains, explain). Every failure becomes an {@link ApiFailure} carrying the server's own message. Thread-safe.
 */
final class ReplicationApi {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final String base;
    private final HttpClient http;

    /** {@code url} is the node's REST address, such as {@code http://127.0.0.1:6333}, already validated. */
    ReplicationApi(String url) {
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    String url() {
        return base;
    }

    /** Starts a copy or move; returns the new operation's id. */
    String replicate(String collection, String shard, String source, String target, String type, String method)
            throws ApiFailure {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("collection", collection);
        body.put("shard", shard);
        body.put("sourceNode", source);
        body.put("targetNode", target);
        body.put("type", type);
        if (method != null) {
            body.put("method", method);
        }
        JsonNode answer = send("POST", "/v1/replication/replicate", body);
        String id = answer == null ? null : answer.path("id").asText(null);
        if (id == null || id.isEmpty()) {
            throw new ApiFailure.Unavailable("the server accepted the operation but named no id: " + answer, null);
        }
        return id;
    }

    /** One operation's JSON. */
    JsonNode operation(String id, boolean history) throws ApiFailure {
        return send("GET", "/v1/replication/replicate/" + encode(id) + "?includeHistory=" + history, null,
                noOperation(id));
    }

    /** The operations matching every filter given (a null filter matches all). */
    JsonNode list(String collection, String shard, String target, boolean history) throws ApiFailure {
        StringJoiner q = new StringJoiner("&", "?", "");
        if (collection != null) {
            q.add("collection=" + encode(collection));
        }
        if (shard != null) {
            q.add("shard=" + encode(shard));
        }
        if (target != null) {
            q.add("targetNode=" + encode(target));
        }
        q.add("includeHistory=" + history);
        JsonNode answer = send("GET", "/v1/replication/replicate/list" + q, null);
        if (answer == null || !answer.isArray()) {
            throw new ApiFailure.Unavailable("the server's list of operations is not a JSON array: " + answer, null);
        }
        return answer;
    }

    void cancel(String id) throws ApiFailure {
        send("POST", "/v1/replication/replicate/" + encode(id) + "/cancel", null, noOperation(id));
    }

    void delete(String id) throws ApiFailure {
        send("DELETE", "/v1/replication/replicate/" + encode(id), null, noOperation(id));
    }

    /** The plan that brings every shard of {@code collection} to {@code factor} replicas. */
    JsonNode scalePlan(String collection, int factor) throws ApiFailure {
        return send("GET", "/v1/replication/scale?collection=" + encode(collection) + "&replicationFactor=" + factor,
                null);
    }

    /** Applies a plan as {@link #scalePlan} returned it; returns the ids of the operations it started. */
    List<String> applyScale(JsonNode plan) throws ApiFailure {
        JsonNode answer = send("POST", "/v1/replication/scale", plan);
        List<String> ids = new ArrayList<>();
        if (answer != null) {
            answer.path("operationIds").forEach(id -> ids.add(id.asText()));
        }
        return ids;
    }

    private static String noOperation(String id) {
        return "no replication operation with id " + id;
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Any endpoint of the node's API: the parsed body of a 2xx answer (Qdrant's envelope as it is). */
    JsonNode send(String method, String path, Object body) throws ApiFailure {
        return send(method, path, body, null);
    }

    /**
     * Sends one request; returns the parsed body (null when empty) of a 2xx answer. {@code notFound} is the
     * message for a 404 that brings none of its own (the server answers an unknown id with an empty body).
     */
    private JsonNode send(String method, String path, Object body, String notFound) throws ApiFailure {
        HttpResponse<String> r;
        try {
            HttpRequest.BodyPublisher content = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT)
                    .method(method, content);
            if (body != null) {
                req.header("content-type", "application/json");
            }
            r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new ApiFailure.Unavailable("cannot reach " + base + " (" + describe(e) + ")", e);
        } catch (HttpTimeoutException e) {
            throw new ApiFailure.Unavailable(base + " did not answer " + method + " " + path + " in time", e);
        } catch (IOException e) {
            throw new ApiFailure.Unavailable("cannot talk to " + base + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiFailure.Unavailable("interrupted while waiting for " + base, e);
        }
        int status = r.statusCode();
        if (status >= 200 && status < 300) {
            return parse(r.body());
        }
        String message = serverMessage(r.body());
        if (status >= 400 && status < 500) {
            String fallback = status == 404 && notFound != null ? notFound : reason(status);
            throw new ApiFailure.Refused(status, (message == null ? fallback : message) + " (HTTP " + status
                    + " from " + method + " " + path + ")");
        }
        throw new ApiFailure.Unavailable("the server failed " + method + " " + path + " (HTTP " + status + ")"
                + (message == null ? "" : ": " + message), null);
    }

    /** The JDK's connect failures often carry no message; their cause (an unknown host) says more. */
    private static String describe(IOException e) {
        String m = e.getMessage();
        if (m != null && !m.isBlank()) {
            return m;
        }
        Throwable cause = e.getCause();
        if (cause instanceof java.nio.channels.UnresolvedAddressException) {
            return "unknown host";
        }
        if (cause != null && cause.getMessage() != null) {
            return cause.getMessage();
        }
        return e instanceof ConnectException ? "connection refused" : e.getClass().getSimpleName();
    }

    private static JsonNode parse(String body) throws ApiFailure {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new ApiFailure.Unavailable("the server answered something that is not JSON: " + abbreviate(body), e);
        }
    }

    /**
     * The message of an error body: Weaviate's {@code {"error":[{"message":..}]}}, or Qdrant's envelope
     * {@code {"status":{"error":..}}} (which the rest of the node's API answers), or a short plain body.
     */
    static String serverMessage(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException notJson) {
            return abbreviate(body.strip());
        }
        StringJoiner messages = new StringJoiner("; ");
        JsonNode errors = json.path("error");
        if (errors.isArray()) {
            errors.forEach(e -> messages.add(e.path("message").asText(e.asText())));
        } else if (errors.isTextual()) {
            messages.add(errors.asText());
        }
        if (messages.length() == 0 && json.path("status").path("error").isTextual()) {
            messages.add(json.path("status").path("error").asText());
        }
        return messages.length() == 0 ? abbreviate(body.strip()) : messages.toString();
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "bad request";
            case 404 -> "not found";
            case 409 -> "conflict with the operation's state";
            case 422 -> "the cluster cannot do this";
            default -> "refused";
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
