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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;

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
    private final String apiKey;

    /** {@code url} is the node's REST address, such as {@code http://127.0.0.1:6333}, already validated. */
    ReplicationApi(String url) {
        this(url, null, null);
    }

    /**
     * @param apiKey sent as the {@code api-key} header when not null (a key or a scoped token)
     * @param trust  what an HTTPS node's certificate is checked against; null for the JDK's default CAs
     */
    ReplicationApi(String url, String apiKey, javax.net.ssl.SSLContext trust) {
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT);
        this.http = (trust == null ? builder : builder.sslContext(trust)).build();
        this.apiKey = apiKey;
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

    /** A request that may run as long as it needs (a snapshot's creation or recovery waits for it to end). */
    JsonNode sendAndWait(String method, String path, Object body) throws ApiFailure {
        return send(method, path, json(body), body == null ? null : "application/json", null, null);
    }

    /** Uploads {@code file} as the multipart part {@code part}, as Qdrant's clients upload snapshots. */
    JsonNode upload(String path, String part, Path file) throws ApiFailure {
        String boundary = "atoll-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\""
                + file.getFileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        HttpRequest.BodyPublisher content;
        try {
            content = HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                    HttpRequest.BodyPublishers.ofFile(file), HttpRequest.BodyPublishers.ofByteArray(tail));
        } catch (IOException e) {
            throw new ApiFailure.Refused(0, "cannot read " + file + ": " + e.getMessage());
        }
        return send("POST", path, content, "multipart/form-data; boundary=" + boundary, null, null);
    }

    /**
     * Saves the body of a GET to {@code target}, telling {@code progress} of the bytes as they arrive and of the
     * length the server announced (-1 when it did not).
     */
    void download(String path, Path target, Progress progress) throws ApiFailure {
        HttpResponse<java.io.InputStream> r = exchange("GET", path, HttpRequest.BodyPublishers.noBody(), null, null,
                HttpResponse.BodyHandlers.ofInputStream());
        try (java.io.InputStream in = r.body()) {
            if (r.statusCode() / 100 != 2) {
                throw failure("GET", path, r.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8), null);
            }
            long length = r.headers().firstValueAsLong("content-length").orElse(-1);
            try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(target)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                    progress.received(n, length);
                }
            }
        } catch (IOException e) {
            throw new ApiFailure.Unavailable("downloading " + path + " to " + target + " failed: " + describe(e), e);
        }
    }

    /** Told of a download's bytes as they arrive. */
    interface Progress {
        void received(long bytes, long total);
    }

    private static HttpRequest.BodyPublisher json(Object body) throws ApiFailure {
        try {
            return body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new ApiFailure.Refused(0, "cannot encode the request: " + e.getMessage());
        }
    }

    /**
     * Sends one request; returns the parsed body (null when empty) of a 2xx answer. {@code notFound} is the
     * message for a 404 that brings none of its own (the server answers an unknown id with an empty body).
     */
    private JsonNode send(String method, String path, Object body, String notFound) throws ApiFailure {
        return send(method, path, json(body), body == null ? null : "application/json", REQUEST_TIMEOUT, notFound);
    }

    private JsonNode send(String method, String path, HttpRequest.BodyPublisher content, String contentType,
                          Duration timeout, String notFound) throws ApiFailure {
        HttpResponse<String> r = exchange(method, path, content, contentType, timeout,
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 200 && r.statusCode() < 300) {
            return parse(r.body());
        }
        throw failure(method, path, r.statusCode(), r.body(), notFound);
    }

    /** One exchange; a timeout of null waits as long as the server takes. */
    private <T> HttpResponse<T> exchange(String method, String path, HttpRequest.BodyPublisher content,
                                         String contentType, Duration timeout, HttpResponse.BodyHandler<T> handler)
            throws ApiFailure {
        try {
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path)).method(method, content);
            if (timeout != null) {
                req.timeout(timeout);
            }
            if (contentType != null) {
                req.header("content-type", contentType);
            }
            if (apiKey != null) {
                req.header("api-key", apiKey);
            }
            return http.send(req.build(), handler);
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
    }

    /** The failure a non-2xx answer means: refused (4xx) with the server's message, or unavailable. */
    private static ApiFailure failure(String method, String path, int status, String body, String notFound)
            throws ApiFailure {
        String message = serverMessage(body);
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
