package io.atoll.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.error.AtollException;

/**
 * Qdrant's inputs that its server embeds before storing or searching (Document, Image and InferenceObject: a
 * {@code model} with a {@code text}, {@code image} or {@code object}). Atoll has no inference: where Qdrant's
 * schema takes a vector or one of these, one of these is refused by name rather than as a malformed vector.
 */
final class InferenceInputs {
    private InferenceInputs() {
    }

    static void refuse(JsonNode n, String field) {
        if (n == null || !n.isObject() || !n.has("model")) {
            return;
        }
        String kind = n.has("text") ? "document" : n.has("image") ? "image" : n.has("object") ? "object" : null;
        if (kind != null) {
            throw AtollException.badRequest("Bad request: `" + field + "` is " + (kind.equals("document") ? "a " : "an ")
                    + kind + " to embed (inference), which Atoll does not support yet; send the vector itself");
        }
    }
}
