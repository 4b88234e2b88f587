package io.atoll.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks Qdrant's {@code optimizers_config} (OptimizersConfigDiff) field by field before it is kept: Lucene's merge
 * policy does most of the work here ({@code default_segment_number} and {@code max_segment_size} steer the merge of
 * a settled shard), so the settings are shown as given and must be what Qdrant would take (a misspelt or mistyped
 * one is refused, not shown as if it applied). Null fields are left out. Stateless.
 */
final class OptimizersParser {
    /** The unsigned integer fields and their least values. */
    private static final Map<String, Long> INTEGERS = Map.of("vacuum_min_vector_number", 100L,
            "default_segment_number", 0L, "max_segment_size", 1L, "memmap_threshold", 0L, "indexing_threshold", 0L,
            "flush_interval_sec", 0L);
    private static final Set<String> FIELDS = Stream.concat(INTEGERS.keySet().stream(),
            Stream.of("deleted_threshold", "max_optimization_threads", "prevent_unoptimized")).collect(Collectors.toSet());

    private OptimizersParser() {
    }

    /** The config given, checked; null when none was given. */
    static ObjectNode checked(JsonNode given) {
        if (given == null || given.isNull()) {
            return null;
        }
        ObjectNode o = JsonInput.object(given, "optimizers_config");
        JsonInput.allowOnly(o, "optimizers_config", FIELDS);
        ObjectNode out = ResponseJson.JSON.createObjectNode();
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            String f = e.getKey();
            JsonNode v = e.getValue();
            String where = "optimizers_config." + f;
            if (v.isNull()) {
                continue;
            }
            if (INTEGERS.containsKey(f)) {
                out.put(f, JsonInput.longValue(v, where, INTEGERS.get(f), Long.MAX_VALUE));
            } else if (f.equals("deleted_threshold")) {
                double d = JsonInput.doubleValue(v, where);
                if (d < 0 || d > 1) {
                    throw JsonInput.validationError(where + ": value " + d + " is out of range [0, 1]");
                }
                out.put(f, d);
            } else if (f.equals("prevent_unoptimized")) {
                out.put(f, JsonInput.boolValue(v, where));
            } else if (v.isTextual() && v.asText().equals("auto")) {
                out.putNull(f); // Qdrant's "auto" is its config without a number of threads: shown as null
            } else if (v.isTextual()) {
                throw JsonInput.formatError("`" + where + "` must be \"auto\" or a number of threads, got \""
                        + v.asText() + "\"");
            } else {
                out.put(f, JsonInput.longValue(v, where, 0, Long.MAX_VALUE));
            }
        }
        return out;
    }
}
