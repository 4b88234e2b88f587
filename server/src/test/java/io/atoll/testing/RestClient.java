package io.atoll.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A small HTTP client for tests: sends JSON, returns the status and the parsed body. Every exchange is held to the
 * server's OpenAPI description ({@link OpenApiContract}): a response it does not allow, or a request body the
 * server accepted but the description refuses, fails the test that made it.
 */
public final class RestClient {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private final Duration timeout;
    private final java.util.Map<String, String> headers;
    private final HttpClient http;

    public RestClient(String base) {
        this(base, Duration.ofSeconds(120));
    }

    /** A client whose requests fail with an IOException (HttpTimeoutException) after {@code timeout}. */
    public RestClient(String base, Duration timeout) {
        this(base, timeout, java.util.Map.of(), HTTP);
    }

    /** A client of an HTTPS node that trusts what {@code trust} trusts. */
    public RestClient(String base, javax.net.ssl.SSLContext trust) {
        this(base, Duration.ofSeconds(120), java.util.Map.of(), HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5)).sslContext(trust).build());
    }

    private RestClient(String base, Duration timeout, java.util.Map<String, String> headers, HttpClient http) {
        this.base = base;
        this.timeout = timeout;
        this.headers = java.util.Map.copyOf(headers);
        this.http = http;
    }

    /** The same client sending {@code name: value} with every request (an API key, a bearer token). */
    public RestClient withHeader(String name, String value) {
        java.util.Map<String, String> more = new java.util.HashMap<>(headers);
        more.put(name, value);
        return new RestClient(base, timeout, more, http);
    }

    public String base() {
        return base;
    }

    /** A response: status code, raw body and (when it is JSON) the parsed body. */
    public record Response(int status, String raw, JsonNode json) {
        public JsonNode result() {
            return json.get("result");
        }

        public String error() {
            JsonNode s = json == null ? null : json.get("status");
            return s != null && s.isObject() ? s.path("error").asText() : null;
        }

        @Override
        public String toString() {
            return status + " " + raw;
        }
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response delete(String path) {
        return send("DELETE", path, null);
    }

    public Response put(String path, Object body) {
        return send("PUT", path, body);
    }

    public Response post(String path, Object body) {
        return send("POST", path, body);
    }

    public Response patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    /** {@code body} may be a String (sent as is, so tests can send malformed JSON) or any value Jackson writes. */
    public Response send(String method, String path, Object body) {
        try {
            byte[] bytes = body == null ? new byte[0]
                    : body instanceof String s ? s.getBytes(java.nio.charset.StandardCharsets.UTF_8)
                    : body instanceof byte[] b ? b : JSON.writeValueAsBytes(body);
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(timeout)
                    .header("content-type", "application/json")
                    .method(method, bytes.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
            headers.forEach(req::header);
            HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            conform(method, path, bytes, r);
            JsonNode json = null;
            try {
                json = JSON.readTree(r.body());
            } catch (IOException notJson) {
                // plain-text endpoints
            }
            return new Response(r.statusCode(), r.body(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Fails with the path, status, the validator's findings and the body when the description does not allow them. */
    private static void conform(String method, String path, byte[] sent, HttpResponse<String> r) {
        List<String> problems = new ArrayList<>(OpenApiContract.ATOLL.violations(method, path, r.statusCode(),
                r.headers().firstValue("content-type").orElse(null), r.body()));
        if (r.statusCode() / 100 == 2) {
            String request = new String(sent, java.nio.charset.StandardCharsets.UTF_8);
            problems.addAll(OpenApiContract.ATOLL.requestViolations(method, path, isJson(request) ? request : null));
        }
        if (!problems.isEmpty()) {
            String request = clip(new String(sent, java.nio.charset.StandardCharsets.UTF_8));
            throw new AssertionError("the exchange " + method + " " + path + " (" + r.statusCode()
                    + ") does not match openapi.json:\n  " + String.join("\n  ", problems) + "\nrequest: "
                    + request + "\nresponse: " + clip(r.body()));
        }
    }

    private static String clip(String text) {
        return text.length() > 4000 ? text.substring(0, 4000) + "..." : text;
    }

    private static boolean isJson(String text) {
        try {
            JSON.readTree(text);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
