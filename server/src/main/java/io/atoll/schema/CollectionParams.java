package io.atoll.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.error.AtollException;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A collection's configuration. Immutable: every change makes a new value through a {@code with...} method.
 *
 * @param vectors          named vectors; a collection created with a single unnamed vector has one entry named ""
 * @param namedVectors     whether the collection was created with named vectors (decides the API shape)
 * @param payloadSchema    payload indexes created by the user, by field path
 * @param optimizersConfig Qdrant's optimizer settings, kept as given (two steer a settled shard's merge)
 * @param quantization     quantization_config as given, or null
 * @param metadata         Qdrant's free-form collection metadata (a JSON object), or null when none was given
 * @param reads            read_fan_out_factor, read_fan_out_delay_ms and payload placement, as Qdrant's params
 * @param strictMode       strict_mode_config as set (merged over updates), or null when never given
 * @param walConfig        Qdrant's wal_config as given at creation, or null (Atoll's log is the node's, configured in
 *                         its storage settings: kept and shown)
 * @param sparseVectors    named sparse vectors; their names never repeat a dense vector's
 */
public record CollectionParams(
        SortedMap<String, VectorParams> vectors,
        boolean namedVectors,
        int shardNumber,
        int replicationFactor,
        int writeConsistencyFactor,
        boolean onDiskPayload,
        HnswConfig hnsw,
        SortedMap<String, PayloadIndexParams> payloadSchema,
        JsonNode optimizersConfig,
        JsonNode quantization,
        ShardingMethod sharding,
        JsonNode metadata,
        ReadSettings reads,
        StrictModeConfig strictMode,
        JsonNode walConfig,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) SortedMap<String, SparseVectorParams> sparseVectors) {

    @com.fasterxml.jackson.annotation.JsonCreator
    public CollectionParams {
        // Images written before custom sharding existed have none: they were all sharded automatically.
        sharding = sharding == null ? ShardingMethod.AUTO : sharding;
        vectors = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(vectors));
        payloadSchema = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(payloadSchema));
        // JSON null read back from a snapshot must equal the absent value it was written from
        optimizersConfig = optimizersConfig == null || optimizersConfig.isNull() ? null : optimizersConfig;
        quantization = quantization == null || quantization.isNull() ? null : quantization;
        metadata = metadata == null || metadata.isNull() ? null : metadata;
        reads = reads == null ? ReadSettings.DEFAULT : reads;
        walConfig = walConfig == null || walConfig.isNull() ? null : walConfig;
        // images written before sparse vectors existed have none
        sparseVectors = java.util.Collections.unmodifiableSortedMap(
                sparseVectors == null ? new TreeMap<>() : new TreeMap<>(sparseVectors));
    }

    public CollectionParams(SortedMap<String, VectorParams> vectors, boolean namedVectors, int shardNumber,
                            int replicationFactor, int writeConsistencyFactor, boolean onDiskPayload, HnswConfig hnsw,
                            SortedMap<String, PayloadIndexParams> payloadSchema, JsonNode optimizersConfig,
                            JsonNode quantization, ShardingMethod sharding, JsonNode metadata, ReadSettings reads,
                            StrictModeConfig strictMode, JsonNode walConfig) {
        this(vectors, namedVectors, shardNumber, replicationFactor, writeConsistencyFactor, onDiskPayload, hnsw,
                payloadSchema, optimizersConfig, quantization, sharding, metadata, reads, strictMode, walConfig, null);
    }

    public CollectionParams(SortedMap<String, VectorParams> vectors, boolean namedVectors, int shardNumber,
                            int replicationFactor, int writeConsistencyFactor, boolean onDiskPayload, HnswConfig hnsw,
                            SortedMap<String, PayloadIndexParams> payloadSchema, JsonNode optimizersConfig,
                            JsonNode quantization, ShardingMethod sharding, JsonNode metadata) {
        this(vectors, namedVectors, shardNumber, replicationFactor, writeConsistencyFactor, onDiskPayload, hnsw,
                payloadSchema, optimizersConfig, quantization, sharding, metadata, ReadSettings.DEFAULT, null, null);
    }

    public CollectionParams(SortedMap<String, VectorParams> vectors, boolean namedVectors, int shardNumber,
                            int replicationFactor, int writeConsistencyFactor, boolean onDiskPayload, HnswConfig hnsw,
                            SortedMap<String, PayloadIndexParams> payloadSchema, JsonNode optimizersConfig,
                            JsonNode quantization) {
        this(vectors, namedVectors, shardNumber, replicationFactor, writeConsistencyFactor, onDiskPayload, hnsw,
                payloadSchema, optimizersConfig, quantization, ShardingMethod.AUTO, null, ReadSettings.DEFAULT, null,
                null);
    }

    public boolean customSharding() {
        return sharding == ShardingMethod.CUSTOM;
    }

    public VectorParams vector(String name) {
        return vectors.get(name);
    }

    /**
     * The dense vector a search by examples (recommend, discover, context, feedback), MMR or a distance matrix
     * ranks with. A name the collection lacks is Qdrant's error; sparse vectors and multivectors are searched by
     * nearest queries only yet, which says so rather than find nothing.
     */
    public VectorParams searchable(String using) {
        String shown = using.isEmpty() ? "(default)" : using;
        if (sparseVectors.containsKey(using) || vectors.containsKey(using) && vectors.get(using).isMulti()) {
            throw AtollException.badRequest("Bad request: vector " + shown + " is a "
                    + (sparseVectors.containsKey(using) ? "sparse vector" : "multivector")
                    + "; Atoll searches sparse vectors and multivectors by nearest queries only yet");
        }
        VectorParams vp = vectors.get(using);
        if (vp == null) {
            throw AtollException.badRequest("Wrong input: Not existing vector name error: " + shown);
        }
        return vp;
    }

    public SparseVectorParams sparseVector(String name) {
        return sparseVectors.get(name);
    }

    /** Whether the collection has a dense vector or a sparse vector of this name. */
    public boolean hasVector(String name) {
        return vectors.containsKey(name) || sparseVectors.containsKey(name);
    }

    /** The generation of the dense or sparse vector of this name, or null when the collection has no such name. */
    public Long generationOf(String name) {
        VectorParams dense = vectors.get(name);
        if (dense != null) {
            return dense.generation();
        }
        SparseVectorParams sparse = sparseVectors.get(name);
        return sparse == null ? null : sparse.generation();
    }

    /** The same params with other sparse vectors (one added, removed or changed). */
    public CollectionParams withSparseVectors(SortedMap<String, SparseVectorParams> sparse) {
        return new CollectionParams(vectors, namedVectors, shardNumber, replicationFactor, writeConsistencyFactor,
                onDiskPayload, hnsw, payloadSchema, optimizersConfig, quantization, sharding, metadata, reads,
                strictMode, walConfig, sparse);
    }

    public CollectionParams withPayloadIndex(String field, PayloadIndexParams index) {
        TreeMap<String, PayloadIndexParams> schema = new TreeMap<>(payloadSchema);
        schema.put(field, index);
        return new CollectionParams(vectors, namedVectors, shardNumber, replicationFactor, writeConsistencyFactor,
                onDiskPayload, hnsw, schema, optimizersConfig, quantization, sharding, metadata, reads,
                strictMode, walConfig, sparseVectors);
    }

    public CollectionParams withoutPayloadIndex(String field) {
        TreeMap<String, PayloadIndexParams> schema = new TreeMap<>(payloadSchema);
        schema.remove(field);
        return new CollectionParams(vectors, namedVectors, shardNumber, replicationFactor, writeConsistencyFactor,
                onDiskPayload, hnsw, schema, optimizersConfig, quantization, sharding, metadata, reads,
                strictMode, walConfig, sparseVectors);
    }

    public CollectionParams withUpdate(int replicationFactor, int writeConsistencyFactor, boolean onDiskPayload,
                                            HnswConfig hnsw, Map<String, VectorParams> vectors,
                                            JsonNode optimizersConfig, JsonNode quantization, JsonNode metadata) {
        return new CollectionParams(new TreeMap<>(vectors), namedVectors, shardNumber, replicationFactor,
                writeConsistencyFactor, onDiskPayload, hnsw, payloadSchema, optimizersConfig, quantization, sharding,
                metadata, reads, strictMode, walConfig, sparseVectors);
    }

    /** The same params with another set of vectors (a named vector added or removed). */
    public CollectionParams withVectors(SortedMap<String, VectorParams> vectors) {
        return new CollectionParams(vectors, namedVectors, shardNumber, replicationFactor, writeConsistencyFactor,
                onDiskPayload, hnsw, payloadSchema, optimizersConfig, quantization, sharding, metadata, reads,
                strictMode, walConfig, sparseVectors);
    }

    /** The same params with other read settings and strict mode (PATCH /collections/{name}). */
    public CollectionParams withReadsAndStrictMode(ReadSettings reads, StrictModeConfig strictMode) {
        return new CollectionParams(vectors, namedVectors, shardNumber, replicationFactor, writeConsistencyFactor,
                onDiskPayload, hnsw, payloadSchema, optimizersConfig, quantization, sharding, metadata, reads,
                strictMode, walConfig, sparseVectors);
    }

    /** The same params with the wal_config given at creation. */
    public CollectionParams withWalConfig(JsonNode wal) {
        return new CollectionParams(vectors, namedVectors, shardNumber, replicationFactor, writeConsistencyFactor,
                onDiskPayload, hnsw, payloadSchema, optimizersConfig, quantization, sharding, metadata, reads,
                strictMode, wal, sparseVectors);
    }

    /** Strict mode's limits when it is enabled, else null: what every request is checked against. */
    public StrictModeConfig activeStrictMode() {
        return strictMode != null && strictMode.active() ? strictMode : null;
    }

    /** The same params over {@code shards} shards (a resharding finished). */
    public CollectionParams withShardNumber(int shards) {
        return new CollectionParams(vectors, namedVectors, shards, replicationFactor, writeConsistencyFactor,
                onDiskPayload, hnsw, payloadSchema, optimizersConfig, quantization, sharding, metadata, reads,
                strictMode, walConfig, sparseVectors);
    }

    /** A payload index: its type and the extra parameters Qdrant accepts (kept as given). */
    public record PayloadIndexParams(PayloadFieldType type, JsonNode params) {
        public PayloadIndexParams {
            // read back from the metadata codec, an absent value is a JSON null: absent it stays
            params = params == null || params.isNull() ? null : params;
        }
    }
}
