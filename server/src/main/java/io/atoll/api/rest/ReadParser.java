package io.atoll.api.rest;

import static io.atoll.api.rest.JsonInput.formatError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.error.AtollException;
import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import io.atoll.point.VectorValue;
import io.atoll.point.VectorSelector;
import io.atoll.query.ScrollQuery;
import io.atoll.query.QuantizationHints;
import io.atoll.query.SearchHints;
import io.atoll.query.VectorQuery;
import java.util.List;
import java.util.Set;

/** Parses the bodies of the read endpoints search, scroll and retrieve, and their shared parts. Stateless. */
public final class ReadParser {
    /** The most results one request may ask for (limit + offset); bounds memory per request. */
    static final int MAX_RESULTS = 100_000;
    /** Qdrant's default {@code params.acorn.max_selectivity}. */
    private static final double ACORN_MAX_SELECTIVITY = 0.4;

    private static final Set<String> SEARCH_FIELDS = Set.of("vector", "filter", "limit", "offset", "with_payload",
            "with_vector", "score_threshold", "params", "shard_key");

    private ReadParser() {
    }

    private static List<String> paths(JsonNode n, String field) {
        List<String> keys = JsonInput.textArray(n, field);
        keys.forEach(k -> JsonInput.path(com.fasterxml.jackson.databind.node.TextNode.valueOf(k), field + "[]"));
        return keys;
    }

    static PayloadSelector withPayload(JsonNode n, PayloadSelector def) {
        if (n == null || n.isNull()) {
            return def;
        }
        if (n.isBoolean()) {
            return n.asBoolean() ? PayloadSelector.ALL : PayloadSelector.NONE;
        }
        if (n.isArray()) {
            return new PayloadSelector.Include(paths(n, "with_payload"));
        }
        if (n.isObject()) {
            JsonInput.allowOnly((ObjectNode) n, "with_payload", Set.of("include", "exclude"));
            if (n.has("include") && !n.has("exclude")) {
                return new PayloadSelector.Include(paths(n.get("include"), "with_payload.include"));
            }
            if (n.has("exclude") && !n.has("include")) {
                return new PayloadSelector.Exclude(paths(n.get("exclude"), "with_payload.exclude"));
            }
        }
        throw formatError("`with_payload` must be a boolean, a list of keys, {\"include\": [...]} or {\"exclude\": [...]}");
    }

    static VectorSelector withVector(JsonNode n) {
        if (n == null || n.isNull()) {
            return VectorSelector.NONE;
        }
        if (n.isBoolean()) {
            return n.asBoolean() ? VectorSelector.ALL : VectorSelector.NONE;
        }
        if (n.isArray()) {
            return new VectorSelector.Named(JsonInput.textArray(n, "with_vector"));
        }
        throw formatError("`with_vector` must be a boolean or a list of vector names");
    }

    /** A search's {@code params}: Qdrant's hints, of which Atoll uses all but {@code indexed_only}. */
    static SearchHints hints(ObjectNode body) {
        if (!JsonInput.present(body, "params")) {
            return SearchHints.DEFAULT;
        }
        ObjectNode p = JsonInput.object(body.get("params"), "params");
        JsonInput.allowOnly(p, "params", Set.of("hnsw_ef", "exact", "quantization", "indexed_only", "acorn", "idf"));
        if (JsonInput.present(p, "idf")) {
            throw AtollException.badRequest("Bad request: `params.idf` weighs sparse vectors, which Atoll does not "
                    + "support yet");
        }
        QuantizationHints quantization = null;
        if (JsonInput.present(p, "quantization")) {
            ObjectNode q = JsonInput.object(p.get("quantization"), "params.quantization");
            JsonInput.allowOnly(q, "params.quantization", Set.of("ignore", "rescore", "oversampling"));
            Double oversampling = JsonInput.optDouble(q, "oversampling");
            if (oversampling != null && (oversampling < 1 || oversampling > MAX_RESULTS)) {
                throw JsonInput.validationError("params.quantization.oversampling: value " + oversampling
                        + " must be between 1 and " + MAX_RESULTS);
            }
            Boolean rescore = JsonInput.present(q, "rescore")
                    ? JsonInput.boolValue(q.get("rescore"), "params.quantization.rescore") : null;
            quantization = new QuantizationHints(JsonInput.optBool(q, "ignore", false), rescore, oversampling);
        }
        return new SearchHints(JsonInput.optInteger(p, "hnsw_ef", 1, MAX_RESULTS), JsonInput.optBool(p, "exact", false),
                quantization, acorn(p));
    }

    /**
     * {@code params.acorn}: the largest share of points a filter may admit for the search to take ACORN's
     * filtered graph walk (Qdrant's default 0.4), or null when not enabled (Qdrant's default).
     */
    private static Double acorn(ObjectNode p) {
        if (!JsonInput.present(p, "acorn")) {
            return null;
        }
        ObjectNode a = JsonInput.object(p.get("acorn"), "params.acorn");
        JsonInput.allowOnly(a, "params.acorn", Set.of("enable", "max_selectivity"));
        Double max = JsonInput.optDouble(a, "max_selectivity");
        if (max != null && (max < 0 || max > 1)) {
            throw JsonInput.validationError("params.acorn.max_selectivity: value " + max + " must be between 0 and 1");
        }
        return JsonInput.optBool(a, "enable", false) ? (max == null ? ACORN_MAX_SELECTIVITY : max) : null;
    }

    static void checkLimits(int limit, int offset) {
        if ((long) limit + offset > MAX_RESULTS) {
            throw AtollException.badRequest("Bad request: limit + offset must not exceed " + MAX_RESULTS);
        }
    }

    /** The older POST /points/search body. */
    public static VectorQuery search(ObjectNode body) {
        JsonInput.alias(body, "top", "limit");
        JsonInput.alias(body, "with_vectors", "with_vector");
        JsonInput.allowOnly(body, "search request", SEARCH_FIELDS);
        JsonNode v = JsonInput.required(body, "vector");
        String using = PointStruct.DEFAULT_VECTOR;
        VectorValue vector;
        if (v.isObject()) {
            ObjectNode named = (ObjectNode) v;
            JsonInput.allowOnly(named, "vector", Set.of("name", "vector"));
            using = JsonInput.text(JsonInput.required(named, "name"), "vector.name");
            JsonNode given = JsonInput.required(named, "vector");
            // Qdrant's named dense or named sparse vector; the older search takes no multivector
            vector = given.isObject() ? VectorValueParser.value(given, "vector.vector", "vector.vector")
                    : VectorValue.of(JsonInput.vector(given, "vector.vector"));
        } else {
            vector = VectorValue.of(JsonInput.vector(v, "vector"));
        }
        int limit = JsonInput.intValue(JsonInput.required(body, "limit"), "limit", 0, MAX_RESULTS);
        int offset = JsonInput.optInt(body, "offset", 0, 0, MAX_RESULTS);
        checkLimits(limit, offset);
        SearchHints p = hints(body);
        return new VectorQuery(using, vector, FilterParser.optional(body.get("filter")), limit, offset,
                scoreThreshold(body), p.hnswEf(), p.exact(), withPayload(body.get("with_payload"), PayloadSelector.NONE),
                withVector(body.get("with_vector")), Set.of(), p.quantization(), p.acornMaxSelectivity());
    }

    private static Float scoreThreshold(ObjectNode body) {
        Double t = JsonInput.optDouble(body, "score_threshold");
        return t == null ? null : t.floatValue();
    }

    public static ScrollQuery scroll(ObjectNode body) {
        JsonInput.alias(body, "with_vectors", "with_vector");
        JsonInput.allowOnly(body, "scroll request", Set.of("filter", "limit", "offset", "with_payload", "with_vector",
                "order_by", "shard_key"));
        int limit = JsonInput.optInt(body, "limit", 10, 1, MAX_RESULTS);
        PointId offset = JsonInput.present(body, "offset") ? PointParser.id(body.get("offset"), "offset") : null;
        return new ScrollQuery(FilterParser.orEmpty(body.get("filter")), offset, limit,
                withPayload(body.get("with_payload"), PayloadSelector.ALL), withVector(body.get("with_vector")));
    }

    public record Retrieve(List<PointId> ids, PayloadSelector withPayload, VectorSelector withVector) {
    }

    public static Retrieve retrieve(ObjectNode body) {
        JsonInput.alias(body, "with_vectors", "with_vector");
        JsonInput.allowOnly(body, "retrieve request", Set.of("ids", "with_payload", "with_vector", "shard_key"));
        return new Retrieve(PointParser.ids(JsonInput.required(body, "ids"), "ids"),
                withPayload(body.get("with_payload"), PayloadSelector.ALL), withVector(body.get("with_vector")));
    }
}
