package io.atoll.api.rest;

import static io.atoll.api.rest.JsonInput.formatError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.error.AtollException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Qdrant's {@code quantization_config}, of a collection or of one vector: checked field by field and kept as given
 * (the index reads it through {@link io.atoll.schema.Quantization}).
 */
final class QuantizationConfigParser {
    private static final Set<String> MEMORY = Set.of("always_ram", "memory");
    /** Each kind's fields, and the values its enumerated fields take. */
    private static final Map<String, Map<String, List<String>>> KINDS = Map.of(
            "scalar", Map.of("type", List.of("int8"), "quantile", List.of()),
            "product", Map.of("compression", List.of("x4", "x8", "x16", "x32", "x64")),
            "binary", Map.of("encoding", List.of("one_bit", "two_bits", "one_and_half_bits"),
                    "query_encoding", List.of("default", "binary", "scalar4bits", "scalar8bits")));

    private QuantizationConfigParser() {
    }

    /** The config {@code o} gives, {@code current} when it gives none, null after Qdrant's "Disabled". */
    static JsonNode parse(ObjectNode o, JsonNode current) {
        if (!JsonInput.present(o, "quantization_config")) {
            return current;
        }
        JsonNode q = o.get("quantization_config");
        if (q.isTextual() && q.asText().equals("Disabled")) {
            return null;
        }
        if (q.isObject() && q.size() == 1 && q.has("turbo")) {
            throw AtollException.badRequest("Bad request: `turbo` quantization is not supported by Atoll yet; use "
                    + "scalar, product or binary");
        }
        if (!q.isObject() || q.size() != 1 || !KINDS.containsKey(q.fieldNames().next())
                || !q.elements().next().isObject()) {
            throw formatError("`quantization_config` must be {\"scalar\": {...}}, {\"product\": {...}}, "
                    + "{\"binary\": {...}} or \"Disabled\", got " + JsonInput.describe(q));
        }
        String kind = q.fieldNames().next();
        check(kind, (ObjectNode) q.get(kind));
        return q;
    }

    private static void check(String kind, ObjectNode c) {
        String where = "quantization_config." + kind;
        Map<String, List<String>> fields = KINDS.get(kind);
        Set<String> allowed = new HashSet<>(fields.keySet());
        allowed.addAll(MEMORY);
        JsonInput.allowOnly(c, where, allowed);
        for (Map.Entry<String, List<String>> f : fields.entrySet()) {
            if (!f.getValue().isEmpty() && JsonInput.present(c, f.getKey())) {
                String v = JsonInput.text(c.get(f.getKey()), where + "." + f.getKey());
                if (!f.getValue().contains(v)) {
                    throw formatError("`" + where + "." + f.getKey() + "`: unknown variant `" + v
                            + "`, expected one of " + f.getValue().stream().map(x -> "`" + x + "`").toList());
                }
            }
        }
        if (kind.equals("scalar")) {
            JsonInput.required(c, "type");
        } else if (kind.equals("product")) {
            JsonInput.required(c, "compression");
        }
        Double quantile = JsonInput.optDouble(c, "quantile");
        if (quantile != null && (quantile < 0.5 || quantile > 1)) {
            throw JsonInput.validationError(where + ".quantile: value " + quantile + " must be between 0.5 and 1");
        }
        JsonInput.optBool(c, "always_ram", false);
        if (JsonInput.present(c, "memory")) {
            CollectionParser.memory(c.get("memory"), where + ".memory");
        }
    }
}
