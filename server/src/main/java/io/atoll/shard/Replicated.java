package io.atoll.shard;

/** What a replica did with a batch from its primary, its term afterwards and how far its log is. */
public record Replicated(ReplicationOutcome outcome, long term, LogPosition position) {
}
