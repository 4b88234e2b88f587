package io.atoll.bench;

/** Recall@k: the share of the true k nearest neighbours that a search returned among its first k results. */
final class Recall {
    private Recall() {
    }

    static double of(long[] found, int[] truth, int k) {
        int hits = 0;
        int n = Math.min(k, found.length);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                if (found[i] == truth[j]) {
                    hits++;
                    break;
                }
            }
        }
        return (double) hits / k;
    }

    static double of(int[] found, int[] truth, int k) {
        long[] asLong = new long[found.length];
        for (int i = 0; i < found.length; i++) {
            asLong[i] = found[i];
        }
        return of(asLong, truth, k);
    }

    /** Mean recall of {@code found[i]} against {@code truth[i]} over the rows of {@code found}. */
    static double mean(int[][] found, int[][] truth, int k) {
        double sum = 0;
        for (int i = 0; i < found.length; i++) {
            sum += of(found[i], truth[i], k);
        }
        return found.length == 0 ? 0 : sum / found.length;
    }
}
