package io.atoll.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One named vector of a collection: its dimension, distance and, when set, its own HNSW parameters and
 * quantization_config (kept as given and reported back, as the collection-wide one is).
 *
 * @param generation 0 for a vector the collection was created with; a random number for one added later (PUT
 *                   /collections/{c}/vectors/{name}), so that a name removed and added again names new storage:
 *                   the points' old values under that name stay gone, and the new dimension never meets the old
 * @param datatype   the element type whose precision and range every value written takes
 * @param memory     Qdrant's memory placement (cold, cached, pinned) as given, or null; kept and shown (vectors are
 *                   read through the page cache either way)
 * @param multivector how the several vectors of a point are compared when this name holds multivectors, else null
 */
public record VectorParams(int size, Distance distance, HnswConfig hnswOverride, boolean onDisk, JsonNode quantization,
                           long generation, VectorDatatype datatype, String memory,
                           @JsonInclude(JsonInclude.Include.NON_NULL) MultiVectorConfig multivector) {
    public static final int MAX_DIMENSION = 4096;

    @JsonCreator
    public VectorParams {
        // read back from the metadata codec, an absent value is a JSON null: absent it stays
        quantization = quantization == null || quantization.isNull() ? null : quantization;
        // params written before datatypes existed held float32 values
        datatype = datatype == null ? VectorDatatype.FLOAT32 : datatype;
    }

    public VectorParams(int size, Distance distance, HnswConfig hnswOverride, boolean onDisk, JsonNode quantization,
                        long generation, VectorDatatype datatype, String memory) {
        this(size, distance, hnswOverride, onDisk, quantization, generation, datatype, memory, null);
    }

    public VectorParams(int size, Distance distance, HnswConfig hnswOverride, boolean onDisk, JsonNode quantization) {
        this(size, distance, hnswOverride, onDisk, quantization, 0, VectorDatatype.FLOAT32, null);
    }

    public VectorParams(int size, Distance distance, HnswConfig hnswOverride, boolean onDisk) {
        this(size, distance, hnswOverride, onDisk, null);
    }

    public VectorParams withGeneration(long g) {
        return new VectorParams(size, distance, hnswOverride, onDisk, quantization, g, datatype, memory, multivector);
    }

    /** The same vector with other settings that may change after creation. */
    public VectorParams withSettings(HnswConfig hnswOverride, boolean onDisk, JsonNode quantization, String memory) {
        return new VectorParams(size, distance, hnswOverride, onDisk, quantization, generation, datatype, memory,
                multivector);
    }

    /** The quantization this vector is searched with: its own config's, else the collection's, else none (null). */
    public Quantization quantization(JsonNode collectionDefault) {
        return Quantization.of(quantization != null ? quantization : collectionDefault);
    }

    /** Whether this name holds multivectors: stored for exact late-interaction scoring, with no HNSW graph. */
    public boolean isMulti() {
        return multivector != null;
    }

    public HnswConfig hnsw(HnswConfig collectionDefault) {
        return hnswOverride != null ? hnswOverride : collectionDefault;
    }
}
