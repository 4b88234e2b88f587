package io.atoll.collection.strict;

import io.atoll.error.AtollException;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.StrictModeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Strict mode's size limits on writes that add data: points, vector bytes (points times the bytes of one point's
 * vectors), payload bytes, and the node's resident memory. Sizes come from the shards' statistics, read again at
 * most every {@link #MAX_AGE_NANOS} (Qdrant checks an estimate too), so a burst of writes can pass a limit by what
 * lands within that time. Thread-safe.
 */
final class SizeLimits {
    static final long MAX_AGE_NANOS = 200_000_000L;
    private final CollectionSizes source;
    private final LongSupplier clock;
    private volatile Cached cached;
    private final java.util.concurrent.atomic.AtomicBoolean refreshing = new java.util.concurrent.atomic.AtomicBoolean();

    private record Cached(CollectionSizes.Sizes sizes, long atNanos) {
    }

    SizeLimits(CollectionSizes source, LongSupplier clock) {
        this.source = source;
        this.clock = clock;
    }

    void check(CollectionParams p, StrictModeConfig s) {
        residentMemory(s);
        if (s.maxPointsCount() == null && s.maxCollectionVectorSizeBytes() == null
                && s.maxCollectionPayloadSizeBytes() == null) {
            return;
        }
        CollectionSizes.Sizes now = sizes();
        if (s.maxPointsCount() != null && now.points() >= s.maxPointsCount()) {
            throw AtollException.badRequest("Bad request: Max points count limit of " + s.maxPointsCount()
                    + " reached!");
        }
        if (s.maxCollectionVectorSizeBytes() != null) {
            long perPoint = p.vectors().values().stream().mapToLong(v -> v.datatype().bytes() * (long) v.size()).sum();
            if (now.points() * perPoint >= s.maxCollectionVectorSizeBytes()) {
                throw AtollException.badRequest("Bad request: Max vector storage size limit of "
                        + megabytes(s.maxCollectionVectorSizeBytes()) + "MB reached!");
            }
        }
        checkPayload(s, now);
    }

    void checkPayload(StrictModeConfig s) {
        residentMemory(s);
        if (s.maxCollectionPayloadSizeBytes() != null) {
            checkPayload(s, sizes());
        }
    }

    private static void checkPayload(StrictModeConfig s, CollectionSizes.Sizes now) {
        if (s.maxCollectionPayloadSizeBytes() != null && now.payloadBytes() >= s.maxCollectionPayloadSizeBytes()) {
            throw AtollException.badRequest("Bad request: Max payload storage size limit of "
                    + megabytes(s.maxCollectionPayloadSizeBytes()) + "MB reached!");
        }
    }

    private CollectionSizes.Sizes sizes() {
        Cached c = cached;
        long now = clock.getAsLong();
        if (c != null && now - c.atNanos() <= MAX_AGE_NANOS) {
            return c.sizes();
        }
        // one writer reads the sizes again (a read of every shard); the others use the last ones meanwhile
        if (c != null && !refreshing.compareAndSet(false, true)) {
            return c.sizes();
        }
        try {
            c = cached = new Cached(source.sizes(), clock.getAsLong());
        } finally {
            refreshing.set(false);
        }
        return c.sizes();
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%s", (float) (bytes / (1024.0 * 1024.0)));
    }

    /** The node's resident memory against the machine's, from /proc (where there is none, nothing is refused). */
    private static void residentMemory(StrictModeConfig s) {
        if (s.maxResidentMemoryPercent() == null) {
            return;
        }
        long rss = procKb(Path.of("/proc/self/status"), "VmRSS:");
        long total = procKb(Path.of("/proc/meminfo"), "MemTotal:");
        if (rss <= 0 || total <= 0) {
            return;
        }
        long percent = rss * 100 / total;
        if (percent >= s.maxResidentMemoryPercent()) {
            throw StrictModeGuard.refused("Resident memory usage is at " + percent + "% of total memory, exceeding "
                    + "the configured limit of " + s.maxResidentMemoryPercent() + "%", "Reduce memory usage (e.g. "
                    + "delete points or drop collections), or raise `max_resident_memory_percent` in the strict mode "
                    + "config of this collection.");
        }
    }

    private static long procKb(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
