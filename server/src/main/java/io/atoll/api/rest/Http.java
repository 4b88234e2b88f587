package io.atoll.api.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.collection.Collection;
import io.atoll.collection.ReadConsistency;
import io.atoll.error.AtollException;
import io.javalin.http.Context;

/** Request and response plumbing shared by the routes: bodies, query parameters and Qdrant's envelope. */
final class Http {
    private static final String START = "atoll.start";
    /**
     * How deep a request body may nest: deep enough for the deepest filter Atoll accepts (32 levels of
     * {@code nested}, six JSON levels each), and far enough below the 1000 levels Jackson writes and reads that a
     * payload or config stored from a body, wrapped in the few levels of a WAL record, a Raft log entry or snapshot,
     * or a response, can always be written and read back (at 998 levels an optimizers_config made every metadata
     * snapshot fail and GET of the collection answer 500).
     */
    static final int MAX_NESTING = 256;
    /**
     * Request bodies are read as strictly as Qdrant's serde_json reads them: text after the JSON value and a key
     * given twice are errors, not silently ignored (a duplicated "limit" or a stray "}" hides a client bug).
     */
    private static final ObjectReader STRICT = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build()).build())
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    private Http() {
    }

    static void markStart(Context ctx) {
        ctx.attribute(START, System.nanoTime());
    }

    /** The route template a request matched, for metrics (never the raw path, whose ids would explode the labels). */
    static String endpointOf(Context ctx) {
        var e = ctx.endpoints().matchedHttpEndpoint();
        return e == null ? "unmatched" : e.path;
    }

    static double elapsedSeconds(Context ctx) {
        return elapsedNanos(ctx) / 1e9;
    }

    static long elapsedNanos(Context ctx) {
        Long start = ctx.attribute(START);
        return start == null ? 0 : System.nanoTime() - start;
    }

    /** The request body as a JSON object; an empty body counts as {} when {@code emptyAllowed}. */
    static ObjectNode body(Context ctx, boolean emptyAllowed) {
        byte[] bytes = ctx.bodyAsBytes();
        if (isBlank(bytes)) {
            if (emptyAllowed) {
                return JsonNodeFactory.instance.objectNode();
            }
            throw JsonInput.formatError("EOF while parsing a value at line 1 column 0: the request needs a JSON body");
        }
        JsonNode n;
        try {
            n = STRICT.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw JsonInput.formatError(e.getOriginalMessage() + location(e));
        } catch (java.io.IOException e) {
            throw JsonInput.formatError(e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw JsonInput.formatError("the request body must be a JSON object, got " + JsonInput.describe(n));
        }
        JsonInput.requireValidUnicode(n, "");
        return (ObjectNode) n;
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
    }

    static boolean boolParam(Context ctx, String name, boolean def) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return def;
        }
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw AtollException.badRequest("Query deserialize error: `" + name + "` must be true or false, got `" + v + "`");
        };
    }

    /** Checks the parameters every write accepts: wait, ordering, timeout. Returns wait. */
    static boolean writeParams(Context ctx) {
        String ordering = ctx.queryParam("ordering");
        if (ordering != null && !ordering.matches("weak|medium|strong")) {
            throw AtollException.badRequest("Query deserialize error: `ordering` must be weak, medium or strong, got `" + ordering + "`");
        }
        timeoutParam(ctx);
        return boolParam(ctx, "wait", false);
    }

    /** Checks the parameters every read accepts: consistency and timeout. */
    /** Checks a read's query parameters and returns its read consistency. */
    static ReadConsistency readParams(Context ctx) {
        String c = ctx.queryParam("consistency");
        if (c != null && !c.matches("majority|quorum|all|[1-9][0-9]{0,3}")) {
            throw AtollException.badRequest("Query deserialize error: `consistency` must be majority, quorum, all or a positive integer, got `" + c + "`");
        }
        timeoutParam(ctx);
        return ReadConsistency.parse(c);
    }

    /** Holds a request's {@code timeout} to the collection's strict mode; returns the collection. */
    static Collection strictTimeout(Context ctx, Collection c) {
        String t = ctx.queryParam("timeout");
        if (t != null && !t.isEmpty()) {
            c.strictMode().timeout(c.params(), Long.parseLong(t));
        }
        return c;
    }

    private static void timeoutParam(Context ctx) {
        String t = ctx.queryParam("timeout");
        if (t != null && !t.matches("[0-9]{1,9}")) {
            throw AtollException.badRequest("Query deserialize error: `timeout` must be a number of seconds, got `" + t + "`");
        }
    }

    static void ok(Context ctx, JsonNode result) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.set("result", result);
        o.put("status", "ok");
        o.put("time", elapsedSeconds(ctx));
        write(ctx, 200, o);
    }

    static void updateResult(Context ctx, long operationId, boolean wait) {
        ok(ctx, updateResultNode(operationId, wait));
    }

    static ObjectNode updateResultNode(long operationId, boolean wait) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("operation_id", operationId);
        r.put("status", wait ? "completed" : "acknowledged");
        return r;
    }

    static void error(Context ctx, int status, String message) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.putObject("status").put("error", message);
        o.put("time", elapsedSeconds(ctx));
        write(ctx, status, o);
    }

    static void write(Context ctx, int status, JsonNode body) {
        try {
            ctx.status(status).contentType("application/json").result(ResponseJson.JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The HTTP status of each kind of failure (the same in Qdrant's API and Weaviate's). */
    static int statusOf(AtollException.Kind kind) {
        return switch (kind) {
            case BAD_REQUEST -> 400;
            case UNPROCESSABLE -> 422;
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS, CONFLICT -> 409;
            case UNAVAILABLE, NOT_PRIMARY, WRONG_SHARD -> 503;
            case RATE_LIMITED -> 429;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case INTERNAL -> 500;
        };
    }

    /** Qdrant's status code and message prefix for each kind of failure. */
    static void failure(Context ctx, AtollException e) {
        if (e.is(AtollException.Kind.UNAUTHENTICATED)) {
            // Qdrant's authentication layer answers in plain text, before any handler's envelope exists
            ctx.status(401).contentType("text/plain; charset=utf-8").result(e.getMessage());
            return;
        }
        int status = statusOf(e.kind());
        String prefixed = QdrantErrorText.of(e);
        if (e.retryAfterSeconds() > 0) {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        error(ctx, status, prefixed);
    }
}
