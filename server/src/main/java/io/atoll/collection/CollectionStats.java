package io.atoll.collection;

import java.util.Map;

/**
 * Counts for collection info, over one readable replica of each shard. {@code optimizing}: a shard's segments are
 * being merged or rewritten, or will be once writes pause; {@code optimizerError}: why a shard's last merge or
 * rewrite failed, null when none did.
 */
public record CollectionStats(long pointsCount, long indexedVectorsCount, int segmentsCount,
                              Map<String, Long> payloadPoints, long payloadBytes, boolean optimizing,
                              String optimizerError) {

    /** Qdrant's collection status: red when an optimization failed, yellow while optimizing, else green. */
    public String status() {
        return optimizerError != null ? "red" : optimizing ? "yellow" : "green";
    }
}
