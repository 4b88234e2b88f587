package io.atoll.bench;

/**
 * Upserts a range of the dataset in fixed-size batches, one request at a time, each waited for (wait=true), as a
 * single loading client does.
 */
final class Ingest {
    private Ingest() {
    }

    /**
     * @param points        points upserted
     * @param batchSize     points per request
     * @param callSeconds   time spent inside the upsert calls (what the engine and, for REST, HTTP cost)
     * @param wallSeconds   time from first to last batch, also counting the client preparing each batch
     * @param pointsPerSec  points / callSeconds
     */
    record Result(int points, int batchSize, double callSeconds, double wallSeconds, double pointsPerSec) {
    }

    static Result run(Target target, String collection, Dataset data, int count, int batchSize) {
        long wallStart = System.nanoTime();
        long inCalls = 0;
        for (int from = 0; from < count; from += batchSize) {
            Runnable upsert = target.prepareUpsert(collection, data, from, Math.min(count, from + batchSize));
            long start = System.nanoTime();
            upsert.run();
            inCalls += System.nanoTime() - start;
        }
        double callSeconds = inCalls / 1e9;
        return new Result(count, batchSize, callSeconds, (System.nanoTime() - wallStart) / 1e9, count / callSeconds);
    }
}
