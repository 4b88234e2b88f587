package io.atoll.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sends the dataset's queries at one hnsw_ef from a number of concurrent clients, each taking the next query as
 * soon as its previous one answered (closed loop), and records every latency and every result's recall.
 */
final class SearchLoad {
    private final List<Supplier<long[]>> calls = new ArrayList<>();
    private final int[][] truth;
    private final int ef;

    SearchLoad(Target target, String collection, Dataset data, int ef) {
        this(data, ef, q -> target.prepareSearch(collection, q, GroundTruth.K, ef));
    }

    /** {@code prepare} makes the search of one query vector. */
    SearchLoad(Dataset data, int ef, Function<float[], Supplier<long[]>> prepare) {
        this(data.queries(), data.truth().neighbours(), ef, prepare);
    }

    /** {@code truth} holds each query's true nearest ids (a filtered search has its own). */
    SearchLoad(float[][] queries, int[][] truth, int ef, Function<float[], Supplier<long[]>> prepare) {
        this.ef = ef;
        this.truth = truth;
        for (float[] q : queries) {
            calls.add(prepare.apply(q));
        }
    }

    /**
     * @param queries searches sent
     * @param qps     queries / seconds, the wall time of the whole run
     * @param recall  mean recall@10
     */
    record Result(int ef, int clients, int queries, double seconds, double qps, double recall, LatencyStats latency) {
    }

    /** Every query once. */
    Result runAll(int clients) {
        return run(clients, i -> i < calls.size());
    }

    /** The queries round and round, {@code searches} in all. */
    Result runCount(int searches, int clients) {
        return run(clients, i -> i < searches);
    }

    /** The queries round and round for as long as {@code busy} holds (at least one each client). */
    Result runWhile(BooleanSupplier busy, int clients) {
        return run(clients, i -> i < clients || busy.getAsBoolean());
    }

    private interface Continue {
        boolean at(int sequence);
    }

    /** One client's samples, merged after the run so the clients share nothing while timing. */
    private static final class Samples {
        long[] nanos = new long[1024];
        int count;
        double recallSum;

        void add(long ns, double recall) {
            if (count == nanos.length) {
                nanos = Arrays.copyOf(nanos, count * 2);
            }
            nanos[count++] = ns;
            recallSum += recall;
        }
    }

    private Result run(int clients, Continue go) {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Samples> samples = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Samples s = new Samples();
            samples.add(s);
            threads.add(Thread.ofPlatform().name("search-client-" + c).unstarted(() -> {
                try {
                    for (int i = next.getAndIncrement(); go.at(i) && failure.get() == null; i = next.getAndIncrement()) {
                        int q = i % calls.size();
                        long start = System.nanoTime();
                        long[] found = calls.get(q).get();
                        long took = System.nanoTime() - start;
                        s.add(took, Recall.of(found, truth[q], GroundTruth.K));
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while searching", e);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failure.get() != null) {
            throw failure.get();
        }
        int n = samples.stream().mapToInt(s -> s.count).sum();
        long[] all = new long[n];
        int at = 0;
        double recallSum = 0;
        for (Samples s : samples) {
            System.arraycopy(s.nanos, 0, all, at, s.count);
            at += s.count;
            recallSum += s.recallSum;
        }
        return new Result(ef, clients, n, seconds, n / seconds, n == 0 ? 0 : recallSum / n, LatencyStats.of(all));
    }
}
