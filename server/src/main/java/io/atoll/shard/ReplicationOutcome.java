package io.atoll.shard;

/** What a replica did with an operation its primary sent. */
public enum ReplicationOutcome {
    /** Logged and applied. */
    APPLIED,
    /** Already held (a resend after a lost acknowledgement): applied again, which versions make a no-op. */
    DUPLICATE,
    /** Sent by a primary of an older term: refused, so a deposed primary cannot change the shard. */
    STALE_TERM,
    /** An earlier operation is missing: refused; the replica needs recovery before it can follow again. */
    GAP
}
