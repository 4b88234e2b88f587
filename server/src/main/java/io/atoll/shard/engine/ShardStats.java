package io.atoll.shard.engine;

/** Counts a shard reports for collection info and telemetry. */
public record ShardStats(long pointsCount, long indexedVectorsCount, int segmentsCount, long appliedSeq,
                         long committedSeq) {
}
