package io.atoll.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Atoll's OpenAPI description ({@code GET /openapi.json}, the resource the server serves) as the tests hold the
 * server to it: finds the operation a request reached and validates the response's status, media type and JSON
 * body against it with a JSON Schema validator (OpenAPI 3.0's dialect, so {@code nullable} counts). Thread-safe:
 * the schemas are compiled on first use and cached.
 */
public final class OpenApiContract {
    public static final String RESOURCE = "/io/atoll/api/rest/openapi.json";
    /** The description every test validates against: the one the server serves, read once. */
    public static final OpenApiContract ATOLL = new OpenApiContract(readResource());
    private static final String IRI = "https://atoll.invalid/openapi.json";
    private static final List<String> METHODS = List.of("get", "put", "post", "patch", "delete");

    private final JsonNode document;
    private final SchemaRegistry registry;
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    /** One documented operation: its path template as written in the description, and its method in lower case. */
    public record Operation(String template, String method) {
    }

    public OpenApiContract(String json) {
        this.document = RestClient.parse(json);
        // The document's own top-level fields are not schema keywords; naming them keeps the validator quiet.
        Dialect.Builder dialect = Dialect.builder(Dialects.getOpenApi30());
        for (String field : List.of("openapi", "info", "paths", "components")) {
            dialect.keyword(new NonValidationKeyword(field));
        }
        Dialect openApi = dialect.build();
        this.registry = SchemaRegistry.withDefaultDialect(openApi, b -> b.schemas(Map.of(IRI, json)));
    }

    public JsonNode document() {
        return document;
    }

    /** Every documented operation, as "METHOD /template" in upper case. */
    public List<String> operations() {
        List<String> out = new ArrayList<>();
        document.path("paths").properties().forEach(p -> p.getValue().properties().forEach(m -> {
            if (METHODS.contains(m.getKey())) {
                out.add(m.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey());
            }
        }));
        return out;
    }

    /**
     * The operation a request reaches: the documented template of its method that matches the path (query and
     * trailing slash left out, as the server ignores them), literal segments preferred over parameters.
     */
    public Optional<Operation> match(String method, String rawPath) {
        String m = method.toLowerCase(Locale.ROOT);
        List<String> segments = segments(rawPath);
        Operation best = null;
        int bestLiterals = -1;
        for (Map.Entry<String, JsonNode> p : document.path("paths").properties()) {
            if (!p.getValue().has(m)) {
                continue;
            }
            int literals = literalsMatched(segments(p.getKey()), segments);
            if (literals > bestLiterals) {
                best = new Operation(p.getKey(), m);
                bestLiterals = literals;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * What is wrong with a response, empty when it is what the description says: a documented status, a documented
     * media type, and a JSON body that its schema accepts. A request that reaches no documented operation may only
     * fail, in the error body of its API (Weaviate's under /v1/, else Qdrant's).
     */
    public List<String> violations(String method, String rawPath, int status, String contentType, String body) {
        Optional<Operation> op = match(method, rawPath);
        if (op.isEmpty()) {
            String where = method.toUpperCase(Locale.ROOT) + " " + rawPath + " (no documented operation) -> " + status;
            if (status < 400) {
                return List.of(where + ": a request the description does not list succeeded");
            }
            boolean weaviate = pathOnly(rawPath).startsWith("/v1/") || pathOnly(rawPath).equals("/v1");
            String refusal = weaviate ? "WeaviateError" : status == 401 ? "Unauthorized" : "Error";
            return check(where, resolve("/components/responses/" + refusal), contentType, body);
        }
        String base = "/paths/" + escape(op.get().template()) + "/" + op.get().method() + "/responses/";
        JsonNode responses = document.at(base.substring(0, base.length() - 1));
        String where = method.toUpperCase(Locale.ROOT) + " " + op.get().template() + " -> " + status;
        for (String key : List.of(Integer.toString(status), status / 100 + "XX", "default")) {
            if (responses.has(key)) {
                return check(where, resolve(base + key), contentType, body);
            }
        }
        return List.of(where + ": the description has no response for this status");
    }

    /**
     * What is wrong with a request the server accepted: the description must not refuse what the server takes, or
     * clients generated from it would be stricter than the server. Its query parameters must be described, and its
     * JSON body must match the described one (when one is described).
     */
    public List<String> requestViolations(String method, String rawPath, String body) {
        Optional<Operation> op = match(method, rawPath);
        if (op.isEmpty()) {
            return List.of();
        }
        String operation = "/paths/" + escape(op.get().template()) + "/" + op.get().method();
        String where = method.toUpperCase(Locale.ROOT) + " " + op.get().template() + " request";
        List<String> out = new ArrayList<>(undescribedParameters(where, operation, rawPath));
        String pointer = operation + "/requestBody/content/application~1json/schema";
        if (body != null && !body.isBlank() && !document.at(pointer).isMissingNode()) {
            out.addAll(validate(where, pointer, body));
        }
        return out;
    }

    /** The query parameters of a request the server took that the operation does not describe. */
    private List<String> undescribedParameters(String where, String operation, String rawPath) {
        int q = rawPath.indexOf('?');
        if (q < 0) {
            return List.of();
        }
        List<String> described = new ArrayList<>();
        for (JsonNode p : document.at(operation + "/parameters")) {
            JsonNode param = p.has("$ref") ? document.at(p.get("$ref").asText().substring(1)) : p;
            if (param.path("in").asText().equals("query")) {
                described.add(param.path("name").asText());
            }
        }
        List<String> out = new ArrayList<>();
        for (String pair : rawPath.substring(q + 1).split("&")) {
            String name = decoded(pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair);
            if (!name.isEmpty() && !described.contains(name)) {
                out.add(where + ": query parameter `" + name + "` is not described (it has " + described + ")");
            }
        }
        return out;
    }

    private List<String> validate(String where, String pointer, String json) {
        Schema schema = compiled.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of(IRI + "#" + p)));
        return schema.validate(json, InputFormat.JSON).stream().map(e -> where + ": " + e).toList();
    }

    private List<String> check(String where, Resolved response, String contentType, String body) {
        JsonNode content = response.node().get("content");
        boolean empty = body == null || body.isBlank();
        if (content == null) {
            return empty ? List.of() : List.of(where + ": the description says no body, got one");
        }
        if (empty) {
            return List.of(where + ": the description says a body of " + names(content) + ", got none");
        }
        String media = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!content.has(media)) {
            return List.of(where + ": content type `" + contentType + "`, the description says " + names(content));
        }
        if (!media.equals("application/json")) {
            return List.of();
        }
        return validate(where, response.pointer() + "/content/application~1json/schema", body);
    }

    private record Resolved(JsonNode node, String pointer) {
    }

    /** The response object at {@code pointer}, following its {@code $ref} into the components. */
    private Resolved resolve(String pointer) {
        JsonNode response = document.at(pointer);
        JsonNode ref = response.get("$ref");
        return ref == null ? new Resolved(response, pointer) : resolve(ref.asText().substring(1));
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static String names(JsonNode content) {
        List<String> out = new ArrayList<>();
        content.fieldNames().forEachRemaining(out::add);
        return out.toString();
    }

    private static String pathOnly(String rawPath) {
        int q = rawPath.indexOf('?');
        return q < 0 ? rawPath : rawPath.substring(0, q);
    }

    private static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String s : pathOnly(rawPath).split("/")) {
            if (!s.isEmpty()) {
                out.add(decoded(s));
            }
        }
        return out;
    }

    /** A segment as the server matches it; one that is not valid percent-encoding as sent (Jetty refuses it). */
    private static String decoded(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }

    /** How many literal segments of {@code template} the path matches, or -1 when it does not match. */
    private static int literalsMatched(List<String> template, List<String> path) {
        if (template.size() != path.size()) {
            return -1;
        }
        int literals = 0;
        for (int i = 0; i < template.size(); i++) {
            String t = template.get(i);
            if (t.startsWith("{") && t.endsWith("}")) {
                continue;
            }
            if (!t.equals(path.get(i))) {
                return -1;
            }
            literals++;
        }
        return literals;
    }

    private static String readResource() {
        try (InputStream in = OpenApiContract.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
