package io.atoll.shard.engine;

/**
 * Counts a shard reports for collection info and telemetry. {@code payloadBytes} estimates the payload's storage:
 * the stored-field bytes of its segments, in the share of their documents that are live.
 */
public record ShardStats(long pointsCount, long indexedVectorsCount, int segmentsCount, long appliedSeq,
                         long committedSeq, long payloadBytes) {
}
