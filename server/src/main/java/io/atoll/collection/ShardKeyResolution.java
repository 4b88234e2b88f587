package io.atoll.collection;

import io.atoll.cluster.meta.ReplicaState;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.error.AtollException;
import io.atoll.point.ShardKey;
import io.atoll.routing.ShardSelector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/**
 * Which rings a request's shard-key selector names, under one view, with Qdrant's rules and messages. Keys are
 * returned as the view routes them: the null key alone for an automatically sharded collection. Stateless.
 *
 * <p>A selector with a fallback (Qdrant's tenant promotion) names a target key that may not serve yet: reads use
 * the target once every one of its shards has a readable replica; writes use the target once it is Active, and
 * the fallback otherwise. While its replicas are ActiveRead (readers have switched, writers not yet) Qdrant writes
 * to both keys; here the fallback's primary forwards every write to the target in its own order, so the write
 * reaches both without two writers racing on the target.
 */
final class ShardKeyResolution {
    private ShardKeyResolution() {
    }

    /** The keys a write goes to. */
    static List<ShardKey> forWrite(CollectionView v, ShardSelector sel) {
        if (!v.params().customSharding()) {
            if (!sel.isNone()) {
                throw AtollException.badRequest("Wrong input: Shard key " + sel.keys().getFirst() + " not found");
            }
            return Collections.singletonList(null);
        }
        if (sel.isNone()) {
            throw AtollException.badRequest("Wrong input: Shard key not specified");
        }
        if (sel.fallback() != null) {
            return fallbackForWrite(v, sel.target(), sel.fallback());
        }
        for (ShardKey k : sel.keys()) {
            if (!v.routedKeys().contains(k)) {
                throw AtollException.badRequest("Wrong input: Shard key " + k + " not found");
            }
        }
        return sel.keys().stream().distinct().toList();
    }

    /** The keys a read goes to; none named means every key. */
    static List<ShardKey> forRead(CollectionView v, ShardSelector sel) {
        if (sel.isNone()) {
            return new ArrayList<>(v.routedKeys());
        }
        if (!v.params().customSharding()) {
            throw AtollException.badRequest("Bad request: Shard key " + sel.keys().getFirst() + " not found");
        }
        if (sel.fallback() != null) {
            return List.of(fallbackForRead(v, sel.target(), sel.fallback()));
        }
        for (ShardKey k : sel.keys()) {
            if (!v.routedKeys().contains(k)) {
                throw AtollException.badRequest("Bad request: Shard key " + k + " not found");
            }
        }
        return sel.keys().stream().distinct().toList();
    }

    /**
     * The shards a read of {@code keys} goes to, in id order. Reading every key of a collection sharded by key
     * leaves out shards none of whose replicas serves reads yet (a key created Partial, waiting to be filled),
     * as Qdrant does; a key named explicitly is read as it is, and fails if it cannot serve.
     */
    static List<Integer> readShards(CollectionView v, ShardSelector sel, List<ShardKey> keys) {
        List<Integer> out = new ArrayList<>();
        for (ShardKey k : keys) {
            for (int shard : v.readShards(k)) {
                if (!(sel.isNone() && v.params().customSharding()) || anyReplica(v.shard(shard), ReplicaState::isReadable)) {
                    out.add(shard);
                }
            }
        }
        Collections.sort(out);
        return out;
    }

    private static ShardKey fallbackForRead(CollectionView v, ShardKey target, ShardKey fallback) {
        boolean hasTarget = v.routedKeys().contains(target);
        boolean hasFallback = v.routedKeys().contains(fallback);
        requireEither(target, fallback, hasTarget, hasFallback);
        if (hasTarget && every(v, target, ReplicaState::isReadable)) {
            return target;
        }
        if (hasFallback && every(v, fallback, ReplicaState::isReadable)) {
            return fallback;
        }
        throw neitherActive(target, fallback);
    }

    private static List<ShardKey> fallbackForWrite(CollectionView v, ShardKey target, ShardKey fallback) {
        boolean hasTarget = v.routedKeys().contains(target);
        boolean hasFallback = v.routedKeys().contains(fallback);
        requireEither(target, fallback, hasTarget, hasFallback);
        if (hasTarget && every(v, target, s -> s == ReplicaState.ACTIVE)) {
            return List.of(target);
        }
        if (hasFallback) {
            return List.of(fallback);
        }
        throw neitherActive(target, fallback);
    }

    private static void requireEither(ShardKey target, ShardKey fallback, boolean hasTarget, boolean hasFallback) {
        if (!hasTarget && !hasFallback) {
            throw AtollException.notFound("Not found: Neither target shard key " + target + " nor fallback shard key "
                    + fallback + " exist not found");
        }
    }

    private static AtollException neitherActive(ShardKey target, ShardKey fallback) {
        return AtollException.unavailable("Shard temporarily unavailable: Neither target shard key " + target
                + " nor fallback shard key " + fallback + " have active replicas");
    }

    /** Whether every shard of {@code key} has a replica in a state {@code p} accepts. */
    private static boolean every(CollectionView v, ShardKey key, Predicate<ReplicaState> p) {
        return v.readShards(key).stream().allMatch(shard -> anyReplica(v.shard(shard), p));
    }

    private static boolean anyReplica(ShardInfo s, Predicate<ReplicaState> p) {
        return s != null && s.replicas().values().stream().anyMatch(r -> p.test(r.state()));
    }
}
