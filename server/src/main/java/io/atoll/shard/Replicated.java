package io.atoll.shard;

/**
 * What a replica did with a batch from its primary, its term afterwards, how far its log is, and how many of the
 * batch's records it appended (not those it already held: a batch sent again after a timeout appends none).
 */
public record Replicated(ReplicationOutcome outcome, long term, LogPosition position, int appended) {
}
