package io.atoll.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * HNSW graph parameters (Qdrant's hnsw_config); m = max connections, ef_construct = build beam width.
 *
 * @param settings Qdrant's settings that are configuration only here ({@code max_indexing_threads},
 *                 {@code payload_m}, {@code inline_storage}, {@code memory}), kept as given and shown; null when none
 */
public record HnswConfig(int m, int efConstruct, int fullScanThreshold, boolean onDisk, JsonNode settings) {
    public static final HnswConfig DEFAULT = new HnswConfig(16, 100, 10_000, false);
    public static final int MAX_M = 512;
    public static final int MAX_EF_CONSTRUCT = 3200;

    @JsonCreator
    public HnswConfig {
        settings = settings == null || settings.isNull() || settings.isEmpty() ? null : settings;
    }

    public HnswConfig(int m, int efConstruct, int fullScanThreshold, boolean onDisk) {
        this(m, efConstruct, fullScanThreshold, onDisk, null);
    }
}
