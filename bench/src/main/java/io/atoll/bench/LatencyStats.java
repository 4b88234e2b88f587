package io.atoll.bench;

import java.util.Arrays;

/** Latency percentiles of a run, in milliseconds (nearest-rank percentiles of the recorded samples). */
record LatencyStats(int samples, double p50Ms, double p99Ms, double meanMs, double maxMs) {

    static LatencyStats of(long[] nanos) {
        if (nanos.length == 0) {
            return new LatencyStats(0, 0, 0, 0, 0);
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (long n : sorted) {
            sum += n;
        }
        return new LatencyStats(sorted.length, ms(percentile(sorted, 50)), ms(percentile(sorted, 99)),
                sum / sorted.length / 1e6, ms(sorted[sorted.length - 1]));
    }

    private static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
