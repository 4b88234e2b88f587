package io.atoll.routing;

import io.atoll.point.ShardKey;
import java.util.List;

/**
 * Which shard keys a request names (Qdrant's {@code ShardKeySelector}): none (all shards for a read, the
 * collection's only ring for a write to an automatically sharded collection), one or several keys, or a target
 * key with a fallback used while the target cannot serve. Immutable.
 *
 * @param keys     the keys named, empty when none is
 * @param fallback the key to use while the single target key cannot serve, null without one
 */
public record ShardSelector(List<ShardKey> keys, ShardKey fallback) {
    public static final ShardSelector NONE = new ShardSelector(List.of(), null);

    public ShardSelector {
        keys = List.copyOf(keys);
        if (fallback != null && keys.size() != 1) {
            throw new IllegalArgumentException("a fallback shard key goes with exactly one target key");
        }
    }

    public static ShardSelector of(ShardKey... keys) {
        return new ShardSelector(List.of(keys), null);
    }

    public boolean isNone() {
        return keys.isEmpty();
    }

    /** The target key of a selector with a fallback. */
    public ShardKey target() {
        return keys.getFirst();
    }
}
