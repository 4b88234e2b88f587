package io.atoll.routing;

/**
 * Lamping and Veach's jump consistent hash: maps a 64-bit key onto {@code buckets} so that growing from N to N+1
 * buckets moves only the keys that land in the new bucket (about 1/(N+1) of them). Resharding depends on that.
 */
public final class JumpHash {
    private JumpHash() {
    }

    public static int bucket(long key, int buckets) {
        if (buckets <= 0) {
            throw new IllegalArgumentException("buckets must be positive: " + buckets);
        }
        long b = -1;
        long j = 0;
        while (j < buckets) {
            b = j;
            key = key * 2862933555777941757L + 1;
            j = (long) ((b + 1) * ((double) (1L << 31) / (double) ((key >>> 33) + 1)));
        }
        return (int) b;
    }
}
