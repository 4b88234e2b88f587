package io.atoll.api.rest;

import static io.atoll.api.rest.JsonInput.formatError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.point.ShardKey;
import io.atoll.routing.ShardSelector;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Parses shard keys and selectors in Qdrant's shapes, and writes keys back as JSON. Stateless. */
public final class ShardKeyParser {
    private ShardKeyParser() {
    }

    /** A key: a string, or an integer from 0 to 2^64 - 1 (the bounds {@link ShardKey#fromJson} checks). */
    static ShardKey key(JsonNode n, String field) {
        if (n != null && (n.isTextual() || n.isIntegralNumber())) {
            try {
                return ShardKey.fromJson(n.isTextual() ? n.asText() : n.bigIntegerValue());
            } catch (IllegalArgumentException e) {
                // out of range: reported below
            }
        }
        throw formatError("`" + field + "` must be a string or an unsigned integer, got " + JsonInput.describe(n));
    }

    /**
     * The {@code shard_key} of a request body (Qdrant's {@code ShardKeySelector}): absent or null for none, a
     * key, a list of keys, or {@code {"target": key, "fallback": key}}.
     */
    public static ShardSelector selector(JsonNode body) {
        JsonNode n = body == null ? null : body.get("shard_key");
        if (n == null || n.isNull()) {
            return ShardSelector.NONE;
        }
        if (n.isArray()) {
            List<ShardKey> keys = new ArrayList<>();
            n.forEach(k -> keys.add(key(k, "shard_key[]")));
            return new ShardSelector(keys, null);
        }
        if (n.isObject()) {
            ObjectNode o = (ObjectNode) n;
            JsonInput.allowOnly(o, "shard_key", Set.of("target", "fallback"));
            return new ShardSelector(List.of(key(JsonInput.required(o, "target"), "shard_key.target")),
                    key(JsonInput.required(o, "fallback"), "shard_key.fallback"));
        }
        return ShardSelector.of(key(n, "shard_key"));
    }

    static JsonNode json(ShardKey k) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (k.keyword() != null) {
            return f.textNode(k.keyword());
        }
        // every point read back from a keyed collection carries its key: a BigInteger only for u64's top half
        return k.number() >= 0 ? f.numberNode(k.number()) : f.numberNode(new BigInteger(Long.toUnsignedString(k.number())));
    }
}
