package io.atoll.bench;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Waits for the engine to finish its background work (Lucene merges, which rebuild HNSW graphs and run well after
 * the last upsert returned, and the merge of a settled shard into one segment), so that "settled" searches do not
 * compete with it. The engine's process counts as
 * quiet once it used under a tenth of a core for a whole second.
 */
final class Settle {
    private static final Duration WINDOW = Duration.ofSeconds(1);
    private static final double QUIET_CORES = 0.1;

    private Settle() {
    }

    /**
     * Waits until the server merged the collection (one shard) into one segment, which it does once writes to it
     * stopped for a few seconds, then until the process is quiet; returns how long it waited in all.
     */
    static Duration awaitSettled(Target target, String collection, Duration max) {
        long start = System.nanoTime();
        while (target.segments(collection) > 1 && System.nanoTime() - start < max.toNanos()) {
            try {
                Thread.sleep(WINDOW.dividedBy(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int segments = target.segments(collection);
        if (segments > 1) {
            System.err.println("bench: " + collection + " still has " + segments + " segments after "
                    + max.toSeconds() + " s; measuring anyway");
        }
        Duration merging = Duration.ofNanos(System.nanoTime() - start);
        return merging.plus(awaitQuiet(target, max.minus(merging).isNegative() ? Duration.ZERO : max.minus(merging)));
    }

    /** Returns how long it waited; gives up (and says so) after {@code max}. */
    static Duration awaitQuiet(Target target, Duration max) {
        return awaitQuiet(List.of(target::engineCpuTime), target.name(), max);
    }

    /**
     * Waits until every one of the processes whose CPU time {@code cpuTimes} read is quiet; returns how long it
     * waited, and gives up (and says so) after {@code max}.
     */
    static Duration awaitQuiet(List<Supplier<Duration>> cpuTimes, String name, Duration max) {
        long start = System.nanoTime();
        List<Duration> before = cpuTimes.stream().map(Supplier::get).toList();
        while (System.nanoTime() - start < max.toNanos()) {
            try {
                Thread.sleep(WINDOW);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            List<Duration> now = cpuTimes.stream().map(Supplier::get).toList();
            boolean quiet = true;
            for (int i = 0; i < now.size(); i++) {
                quiet &= now.get(i).minus(before.get(i)).toNanos() < QUIET_CORES * WINDOW.toNanos();
            }
            if (quiet) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            before = now;
        }
        System.err.println("bench: " + name + " still busy after " + max.toSeconds() + " s; measuring anyway");
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
