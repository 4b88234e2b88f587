package io.atoll.shard;

/** How far a replica's log is: its last sequence number and the term in which that record was created. */
public record LogPosition(long seq, long term) {
}
