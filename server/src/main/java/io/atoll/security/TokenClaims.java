package io.atoll.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.error.AtollException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the claims of Qdrant's scoped tokens: {@code access} (absent: full access; {@code "r"} or {@code "m"}; or a
 * list of {@code {collection, access: r|rw|prw}}) and {@code value_exists}. A claim of the wrong shape makes the token
 * invalid ({@code Invalid API key or JWT}, as Qdrant's parser refuses it); a well-shaped one that breaks a rule
 * (a collection listed twice, the removed {@code payload} constraint) is refused with the rule's text.
 */
final class TokenClaims {
    static final String INVALID = "Invalid API key or JWT";

    private TokenClaims() {
    }

    record Parsed(Access access, Optional<ValueExists> valueExists) {
    }

    /** From the token's {@code access} and {@code value_exists} claims (null when absent). */
    static Parsed parse(JsonNode access, JsonNode valueExists) {
        return new Parsed(access(access), valueExists(valueExists));
    }

    private static Access access(JsonNode n) {
        if (n == null || n.isNull()) {
            return Access.FULL;
        }
        if (n.isTextual()) {
            return switch (n.asText()) {
                case "r" -> Access.READ_ONLY;
                case "m" -> Access.FULL;
                default -> throw invalid();
            };
        }
        if (!n.isArray()) {
            throw invalid();
        }
        Map<String, Access.Mode> modes = new HashMap<>();
        String duplicate = null;
        boolean payload = false;
        for (JsonNode entry : n) {
            JsonNode collection = entry.get("collection");
            JsonNode mode = entry.get("access");
            if (!entry.isObject() || collection == null || !collection.isTextual() || mode == null || !mode.isTextual()
                    || Access.Mode.ofClaim(mode.asText()) == null) {
                throw invalid();
            }
            payload |= entry.hasNonNull("payload");
            if (modes.put(collection.asText(), Access.Mode.ofClaim(mode.asText())) != null && duplicate == null) {
                duplicate = collection.asText();
            }
        }
        if (payload) {
            throw AtollException.unauthenticated(
                    "access.access.payload: The 'payload' constraint is deprecated and should not be used");
        }
        if (duplicate != null) {
            throw AtollException.unauthenticated("access.collection: Collection name should be unique");
        }
        return new Access.Collections(modes);
    }

    private static Optional<ValueExists> valueExists(JsonNode n) {
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        JsonNode collection = n.get("collection");
        JsonNode matches = n.get("matches");
        if (!n.isObject() || collection == null || !collection.isTextual() || matches == null || !matches.isArray()) {
            throw invalid();
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (JsonNode m : matches) {
            JsonNode key = m.get("key");
            JsonNode value = m.get("value");
            if (!m.isObject() || key == null || !key.isTextual() || value == null) {
                throw invalid();
            }
            values.put(key.asText(), scalar(value));
        }
        return Optional.of(new ValueExists(collection.asText(), values));
    }

    /** Qdrant's match values: a string, an integer or a boolean. */
    private static Object scalar(JsonNode v) {
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.asLong();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        throw invalid();
    }

    static AtollException invalid() {
        return AtollException.unauthenticated(INVALID);
    }
}
