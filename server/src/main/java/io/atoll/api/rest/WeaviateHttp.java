package io.atoll.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.error.AtollException;
import io.javalin.http.Context;
import java.util.Set;

/**
 * Request and response plumbing for Weaviate's endpoints (under {@code /v1/}): its error body
 * {@code {"error": [{"message": "..."}]}}, its status codes (400 for a body that is not JSON, 422 for one that
 * breaks the schema or names what does not exist), and its JSON without Qdrant's envelope. Stateless.
 */
final class WeaviateHttp {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private WeaviateHttp() {
    }

    static boolean serves(Context ctx) {
        return ctx.path().startsWith("/v1/") || ctx.path().equals("/v1");
    }

    static void json(Context ctx, int status, JsonNode body) {
        Http.write(ctx, status, body);
    }

    static void noContent(Context ctx) {
        ctx.status(204);
    }

    /** A 404 with no body, as Weaviate answers for an unknown operation, collection or shard. */
    static void notFound(Context ctx) {
        ctx.status(404);
    }

    static void error(Context ctx, int status, String message) {
        ObjectNode o = F.objectNode();
        o.putArray("error").addObject().put("message", message);
        Http.write(ctx, status, o);
    }

    static void failure(Context ctx, AtollException e) {
        error(ctx, Http.statusOf(e.kind()), e.getMessage());
    }

    /**
     * The body as a JSON object, read as strictly as every body here: not JSON at all is a 400, JSON that is not
     * an object, or holds fields outside {@code allowed}, a 422.
     */
    static ObjectNode body(Context ctx, Set<String> allowed, boolean emptyAllowed) {
        ObjectNode o;
        try {
            o = Http.body(ctx, emptyAllowed);
        } catch (AtollException e) {
            String m = e.getMessage();
            throw e.getMessage().contains("must be a JSON object")
                    ? AtollException.unprocessable(m.substring(m.indexOf("the request body")))
                    : AtollException.badRequest("parsing body failed: " + m);
        }
        o.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                throw AtollException.unprocessable("unknown field " + f + " in body; allowed: "
                        + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        });
        return o;
    }

    /** A required string field: missing or not a string is a 422 naming it. */
    static String text(ObjectNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            throw AtollException.unprocessable(field + " in body is required");
        }
        return optText(o, field);
    }

    /** An optional string field (null when absent); any other type is a 422 naming it. */
    static String optText(ObjectNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual() || n.asText().isEmpty()) {
            throw AtollException.unprocessable(field + " in body must be a non-empty string, got "
                    + JsonInput.describe(n));
        }
        return n.asText();
    }

    /** A string field that must be one of {@code values}; absent gives {@code def}. */
    static String oneOf(ObjectNode o, String field, Set<String> values, String def) {
        String v = optText(o, field);
        if (v == null) {
            return def;
        }
        if (!values.contains(v)) {
            throw AtollException.unprocessable(field + " in body should be one of " + new java.util.TreeSet<>(values)
                    + ", got " + v);
        }
        return v;
    }

    static boolean optBool(ObjectNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw AtollException.unprocessable(field + " in body must be a boolean, got " + JsonInput.describe(n));
        }
        return n.asBoolean();
    }

    /** A boolean query parameter (absent: false); anything but true or false is a 422. */
    static boolean boolParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return false;
        }
        return switch (v) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw AtollException.unprocessable(name + " in query must be of type boolean: \"" + v + "\"");
        };
    }

    /** An optional string query parameter, null when absent or empty. */
    static String param(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null || v.isEmpty() ? null : v;
    }
}
