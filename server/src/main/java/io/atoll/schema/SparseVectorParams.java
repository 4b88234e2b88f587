package io.atoll.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One named sparse vector of a collection.
 *
 * @param index      Qdrant's sparse index settings (full_scan_threshold, on_disk, memory, datatype) as given, or
 *                   null: kept and shown. Atoll keeps every sparse vector's weights as 32-bit floats in a postings
 *                   index on disk, whatever they say, except that a float16 datatype holds values in its precision
 * @param modifier   how queries weigh dimensions, or null when not given (the same as none)
 * @param generation as {@link VectorParams#generation()}: 0 for a vector the collection was created with, a random
 *                   number for one added later, so that a name removed and added again names new storage
 */
public record SparseVectorParams(JsonNode index, Modifier modifier, long generation) {
    @JsonCreator
    public SparseVectorParams {
        // read back from the metadata codec, an absent value is a JSON null: absent it stays
        index = index == null || index.isNull() ? null : index;
    }

    public SparseVectorParams withGeneration(long g) {
        return new SparseVectorParams(index, modifier, g);
    }

    /** The datatype the weights are held in: float16 when the index settings say so, else float32. */
    public VectorDatatype datatype() {
        return index != null && "float16".equals(index.path("datatype").asText()) ? VectorDatatype.FLOAT16
                : VectorDatatype.FLOAT32;
    }

    /** Qdrant's modifier: idf weighs each dimension of a query by its inverse document frequency. */
    public enum Modifier {
        NONE("none"), IDF("idf");

        private final String json;

        Modifier(String json) {
            this.json = json;
        }

        @JsonValue
        public String json() {
            return json;
        }

        /** The modifier named {@code json}, or null when there is none of that name. */
        public static Modifier of(String json) {
            for (Modifier m : values()) {
                if (m.json.equals(json)) {
                    return m;
                }
            }
            return null;
        }
    }
}
