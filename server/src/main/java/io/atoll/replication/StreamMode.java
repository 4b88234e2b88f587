package io.atoll.replication;

/** What a primary's stream to one replica is doing (see ReplicaStream). */
public enum StreamMode {
    /** Sending an empty batch: fences the replica at this term and learns how far its log is. */
    PROBING,
    /** Sending records that memory no longer holds, read from the primary's log a bounded batch at a time. */
    CATCHING_UP,
    /** Sending records as they are logged, from memory. */
    FOLLOWING,
    /** Sending a transfer target the records after its transfer's cutoff. */
    FORWARDING,
    /** Done: stopped by the metadata, or its replica was marked Dead or deposed this primary. */
    STOPPED
}
