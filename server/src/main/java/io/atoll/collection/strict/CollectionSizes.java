package io.atoll.collection.strict;

/** Where strict mode learns a collection's size: its points and payload bytes, over one replica of each shard. */
public interface CollectionSizes {
    record Sizes(long points, long payloadBytes) {
    }

    Sizes sizes();
}
