package io.atoll.shard.engine;

/**
 * Counts a shard reports for collection info and telemetry. {@code payloadBytes} estimates the payload's storage:
 * the stored-field bytes of its segments, in the share of their documents that are live. {@code optimizing}: its
 * segments are being merged or rewritten, or will be once writes pause; {@code optimizerError}: why the last merge
 * or rewrite failed, null when none did.
 */
public record ShardStats(long pointsCount, long indexedVectorsCount, int segmentsCount, long appliedSeq,
                         long committedSeq, long payloadBytes, boolean optimizing, String optimizerError) {

    /** These counts with the optimizer's state. */
    ShardStats optimizer(boolean busy, String error) {
        return new ShardStats(pointsCount, indexedVectorsCount, segmentsCount, appliedSeq, committedSeq, payloadBytes,
                busy, error);
    }
}
