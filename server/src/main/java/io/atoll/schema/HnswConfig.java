package io.atoll.schema;

/** HNSW graph parameters (Qdrant's hnsw_config); m = max connections, ef_construct = build beam width. */
public record HnswConfig(int m, int efConstruct, int fullScanThreshold, boolean onDisk) {
    public static final HnswConfig DEFAULT = new HnswConfig(16, 100, 10_000, false);
    public static final int MAX_M = 512;
    public static final int MAX_EF_CONSTRUCT = 3200;
}
