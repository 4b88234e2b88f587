package io.atoll.schema;

/** One named vector of a collection: its dimension, distance and, when set, its own HNSW parameters. */
public record VectorParams(int size, Distance distance, HnswConfig hnswOverride, boolean onDisk) {
    public static final int MAX_DIMENSION = 4096;

    public HnswConfig hnsw(HnswConfig collectionDefault) {
        return hnswOverride != null ? hnswOverride : collectionDefault;
    }
}
