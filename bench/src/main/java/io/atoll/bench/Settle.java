package io.atoll.bench;

import java.time.Duration;

/**
 * Waits for the engine to finish its background work (Lucene merges, which rebuild HNSW graphs and run well after
 * the last upsert returned), so that "settled" searches do not compete with it. The engine's process counts as
 * quiet once it used under a tenth of a core for a whole second.
 */
final class Settle {
    private static final Duration WINDOW = Duration.ofSeconds(1);
    private static final double QUIET_CORES = 0.1;

    private Settle() {
    }

    /** Returns how long it waited; gives up (and says so) after {@code max}. */
    static Duration awaitQuiet(Target target, Duration max) {
        long start = System.nanoTime();
        Duration before = target.engineCpuTime();
        while (System.nanoTime() - start < max.toNanos()) {
            try {
                Thread.sleep(WINDOW);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            Duration now = target.engineCpuTime();
            if (now.minus(before).toNanos() < QUIET_CORES * WINDOW.toNanos()) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            before = now;
        }
        System.err.println("bench: " + target.name() + " still busy after " + max.toSeconds() + " s; measuring anyway");
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
