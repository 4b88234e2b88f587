package io.atoll.collection;

import java.util.Map;

/** Counts for collection info, over one readable replica of each shard. */
public record CollectionStats(long pointsCount, long indexedVectorsCount, int segmentsCount,
                              Map<String, Long> payloadPoints, long payloadBytes) {
}
