package io.atoll.api.rest;

import static io.atoll.api.rest.JsonInput.formatError;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.schema.StrictModeConfig;
import java.util.Map;
import java.util.Set;

/**
 * Parses Qdrant's {@code strict_mode_config}: every field checked for its type and bounds (Qdrant 1.19's schema),
 * and an update merged over the current config field by field (a field left out or given as null keeps its value,
 * as Qdrant's diff does). Stateless.
 */
final class StrictModeParser {
    private static final Set<String> FLAGS = Set.of("enabled", "unindexed_filtering_retrieve",
            "unindexed_filtering_update", "search_allow_exact");
    /** Unsigned limits and their least value (a rate of 0 per minute or a limit of 0 points means nothing). */
    private static final Map<String, Long> LIMITS = Map.ofEntries(
            Map.entry("max_query_limit", 1L), Map.entry("max_timeout", 1L), Map.entry("search_max_hnsw_ef", 0L),
            Map.entry("upsert_max_batchsize", 0L), Map.entry("search_max_batchsize", 0L),
            Map.entry("max_collection_vector_size_bytes", 0L), Map.entry("read_rate_limit", 1L),
            Map.entry("write_rate_limit", 1L), Map.entry("max_collection_payload_size_bytes", 0L),
            Map.entry("max_points_count", 1L), Map.entry("filter_max_conditions", 0L),
            Map.entry("condition_max_size", 0L), Map.entry("max_payload_index_count", 0L),
            Map.entry("max_resident_memory_percent", 1L));
    /** The per-vector maps and the one limit each entry may hold. */
    private static final Map<String, String> PER_VECTOR = Map.of("multivector_config", "max_vectors",
            "sparse_config", "max_length");

    private StrictModeParser() {
    }

    /** {@code given} merged over {@code current} (null when none was set); {@code current} when nothing is given. */
    static StrictModeConfig parse(JsonNode given, StrictModeConfig current) {
        if (given == null || given.isNull()) {
            return current;
        }
        ObjectNode o = JsonInput.object(given, "strict_mode_config");
        Set<String> allowed = new java.util.HashSet<>(FLAGS);
        allowed.addAll(LIMITS.keySet());
        allowed.addAll(PER_VECTOR.keySet());
        allowed.add("search_max_oversampling");
        JsonInput.allowOnly(o, "strict_mode_config", allowed);
        ObjectNode merged = current == null ? ResponseJson.JSON.createObjectNode() : ResponseJson.JSON.valueToTree(current);
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            String field = e.getKey();
            JsonNode v = e.getValue();
            if (v.isNull()) {
                continue;
            }
            String where = "strict_mode_config." + field;
            if (FLAGS.contains(field)) {
                merged.put(field, JsonInput.boolValue(v, where));
            } else if (LIMITS.containsKey(field)) {
                merged.put(field, JsonInput.longValue(v, where, LIMITS.get(field),
                        field.equals("max_resident_memory_percent") ? 100 : Long.MAX_VALUE));
            } else if (field.equals("search_max_oversampling")) {
                double d = JsonInput.doubleValue(v, where);
                if (!(d >= 0) || Double.isInfinite(d)) {
                    throw JsonInput.validationError(where + ": must be a finite number of at least 0");
                }
                merged.put(field, d);
            } else {
                merged.set(field, perVector(v, where, PER_VECTOR.get(field)));
            }
        }
        try {
            return ResponseJson.JSON.treeToValue(merged, StrictModeConfig.class);
        } catch (JsonProcessingException e) {
            throw formatError("`strict_mode_config`: " + e.getOriginalMessage());
        }
    }

    /** {@code {"<vector name>": {"<limit>": n}}} with n at least 1. */
    private static ObjectNode perVector(JsonNode v, String where, String limit) {
        ObjectNode o = JsonInput.object(v, where);
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            ObjectNode entry = JsonInput.object(e.getValue(), where + "." + e.getKey());
            JsonInput.allowOnly(entry, where + "." + e.getKey(), Set.of(limit));
            if (JsonInput.present(entry, limit)) {
                JsonInput.longValue(entry.get(limit), where + "." + e.getKey() + "." + limit, 1, Long.MAX_VALUE);
            }
        }
        return o;
    }
}
