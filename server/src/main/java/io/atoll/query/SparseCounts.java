package io.atoll.query;

/**
 * What inverse document frequencies are computed from, for one shard or summed over shards: how many points hold
 * the sparse vector, and how many of them hold each of the query's dimensions (in the query's order).
 */
public record SparseCounts(long points, long[] holding) {
    public SparseCounts plus(SparseCounts other) {
        long[] sum = holding.clone();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += other.holding[i];
        }
        return new SparseCounts(points + other.points, sum);
    }

    /**
     * Qdrant's inverse document frequency of dimension {@code i}: ln((N - n + 0.5) / (n + 0.5) + 1), N the points
     * holding the vector, n those holding the dimension.
     */
    public double idf(int i) {
        return Math.log((points - holding[i] + 0.5) / (holding[i] + 0.5) + 1);
    }
}
