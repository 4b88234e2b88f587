package io.atoll.operation;

import io.atoll.routing.ShardSelector;

/** A points update with the shard keys its request named (none for an automatically sharded collection). */
public record RoutedUpdate(PointsUpdate update, ShardSelector shards) {
    public static RoutedUpdate unkeyed(PointsUpdate update) {
        return new RoutedUpdate(update, ShardSelector.NONE);
    }
}
