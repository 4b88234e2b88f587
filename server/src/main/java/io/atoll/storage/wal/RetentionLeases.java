package io.atoll.storage.wal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a log must keep for others: each lease asks that the records after its position stay until it is released
 * or expires. A primary holds one per replica it streams to, renewed with every acknowledgement; a replica that
 * stops acknowledging (its node went down) keeps its lease until it expires, so a node back from a short outage
 * is recovered from the log rather than by a full copy. Expiry and a size bound limit what a replica that never
 * returns holds back. Thread-safe.
 */
public final class RetentionLeases {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionLeases.class);

    private record Lease(long afterSeq, long expiresAtNanos) {
    }

    private final Map<String, Lease> leases = new ConcurrentHashMap<>();
    private final long maxAgeNanos;
    private final long maxBytes;

    public RetentionLeases(long maxAgeSeconds, long maxBytes) {
        this.maxAgeNanos = maxAgeSeconds * 1_000_000_000L;
        this.maxBytes = maxBytes;
    }

    /** Keeps the records after {@code afterSeq} for {@code holder}, for the maximum age from now. */
    public void retain(String holder, long afterSeq) {
        leases.put(holder, new Lease(afterSeq, System.nanoTime() + maxAgeNanos));
    }

    public void release(String holder) {
        leases.remove(holder);
    }

    /**
     * How far a log of {@code logBytes} may be trimmed once an index commit covers {@code committed}: up to the
     * commit, or less while a live lease needs more, unless what the leases keep passed the size bound.
     */
    public long trimmableUpTo(long committed, long logBytes) {
        long now = System.nanoTime();
        leases.values().removeIf(l -> l.expiresAtNanos() - now < 0);
        long floor = leases.values().stream().mapToLong(Lease::afterSeq).min().orElse(Long.MAX_VALUE);
        if (floor >= committed) {
            return committed;
        }
        if (logBytes > maxBytes) {
            LOG.warn("the log kept for lagging replicas passed {} bytes ({} leases); they will need a full copy",
                    maxBytes, leases.size());
            return committed;
        }
        return floor;
    }
}
