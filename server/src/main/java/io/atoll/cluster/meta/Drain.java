package io.atoll.cluster.meta;

/**
 * A node being emptied so that it can leave: every replica on it is moved (or, if it is not in sync, re-created)
 * elsewhere, its primaries with them. Immutable.
 *
 * @param stoppedReason why the drain stopped before the node was empty (no other node can take a replica, a
 *                      shard has no in-sync replica to copy from...), null while it goes on; asking for the drain
 *                      again clears it and continues
 */
public record Drain(long peer, long requestedAtMillis, String stoppedReason, long stoppedAtMillis) {
    public boolean stopped() {
        return stoppedReason != null;
    }

    Drain resumed(long atMillis) {
        return new Drain(peer, atMillis, null, 0);
    }

    Drain stoppedBecause(String reason, long atMillis) {
        return new Drain(peer, requestedAtMillis, reason, atMillis);
    }
}
