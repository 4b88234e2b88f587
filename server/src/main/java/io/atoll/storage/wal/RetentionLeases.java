package io.atoll.storage.wal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a log must keep for others: each lease asks that the records after its position stay until it is released
 * or expires. A primary holds one per replica it streams to, renewed with every acknowledgement; a replica that
 * stops acknowledging (its node went down) keeps its lease until it expires, so a node back from a short outage
 * is recovered from the log rather than by a full copy. Expiry bounds how long a replica that never returns holds
 * the log. Thread-safe.
 */
public final class RetentionLeases {
    private record Lease(long afterSeq, long expiresAtNanos) {
    }

    private final Map<String, Lease> leases = new ConcurrentHashMap<>();

    /** Keeps the records after {@code afterSeq} for {@code holder} until {@code expiresAtNanos} (System.nanoTime). */
    public void retain(String holder, long afterSeq, long expiresAtNanos) {
        leases.put(holder, new Lease(afterSeq, expiresAtNanos));
    }

    public void release(String holder) {
        leases.remove(holder);
    }

    /** The highest seq the log may drop up to for the live leases (Long.MAX_VALUE when none); drops expired ones. */
    public long floor(long nowNanos) {
        leases.values().removeIf(l -> l.expiresAtNanos() - nowNanos < 0);
        return leases.values().stream().mapToLong(Lease::afterSeq).min().orElse(Long.MAX_VALUE);
    }
}
