package io.atoll.schema;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a {@code quantization_config} asks of the index: how many bits of each stored coordinate the HNSW graph is
 * searched with. Lucene quantizes per coordinate (no product quantization), so Qdrant's product ratios map to the
 * bit width of the same compression: x4 is 8 bits, x8 4, x16 2, x32 and x64 1. The original floats are kept beside
 * the quantized copy for rescoring and for every read of a vector.
 *
 * @param kind which of Qdrant's configs asked for it (it decides whether searches rescore by default)
 * @param bits bits per stored coordinate: 8, 4, 2 or 1
 */
public record Quantization(Kind kind, int bits) {
    public enum Kind { SCALAR, PRODUCT, BINARY }

    /**
     * The quantization {@code config} (as stored: validated when it was given) asks for, or null for none. An
     * unknown value falls back to the kind's widest encoding rather than failing a shard that must open.
     */
    public static Quantization of(JsonNode config) {
        if (config == null || !config.isObject() || config.isEmpty()) {
            return null;
        }
        JsonNode body = config.elements().next();
        return switch (config.fieldNames().next()) {
            case "scalar" -> new Quantization(Kind.SCALAR, 8);
            case "product" -> new Quantization(Kind.PRODUCT, switch (body.path("compression").asText()) {
                case "x8" -> 4;
                case "x16" -> 2;
                case "x32", "x64" -> 1;
                default -> 8;
            });
            case "binary" -> new Quantization(Kind.BINARY, switch (body.path("encoding").asText()) {
                case "two_bits", "one_and_half_bits" -> 2;
                default -> 1;
            });
            default -> null;
        };
    }

    /** Qdrant rescores with the original vectors by default only for binary quantization. */
    public boolean rescoresByDefault() {
        return kind == Kind.BINARY;
    }
}
