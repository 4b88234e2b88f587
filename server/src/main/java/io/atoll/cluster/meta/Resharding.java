package io.atoll.cluster.meta;

import io.atoll.point.ShardKey;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A resharding in progress on a collection (ARCHITECTURE.md section 8). Its two rings are the shard ids that
 * jump consistent hash spreads points over, before and after: scaling up appends the new shard, scaling down
 * drops the last one, so only the points of that one shard change place. Readers and writers switch from the old
 * ring to the new at the stages {@link ReshardingStage} names. Immutable.
 *
 * @param uuid            the operation's id
 * @param shardId         the shard being added (up) or emptied (down)
 * @param peer            the peer named for the new shard's first replica (up), 0 when Atoll chose
 * @param shardKey        the shard key whose shards are resharded, null for an automatically sharded collection
 * @param migrations      the copies, by the shard at their other end: sources when scaling up, targets when
 *                        scaling down
 * @param auto            driven from start to finish by Atoll (one call), not step by step by an operator
 * @param startedAtMillis the proposer's wall clock at the start (apply takes no clock), for progress and ETA
 * @param stageAtMillis   the proposer's wall clock when the current stage began
 * @param stageIndex      the Raft index of the record that began the current stage: the next ring switch
 *                        waits until every live node has acted on it
 */
public record Resharding(String uuid, ReshardingDirection direction, int shardId, long peer, ShardKey shardKey,
                         ReshardingStage stage, List<Integer> oldRing, List<Integer> newRing,
                         SortedMap<Integer, Migration> migrations, boolean auto, long startedAtMillis,
                         long stageAtMillis, long stageIndex) {
    public Resharding {
        oldRing = List.copyOf(oldRing);
        newRing = List.copyOf(newRing);
        migrations = Collections.unmodifiableSortedMap(new TreeMap<>(migrations));
    }

    /** The ring readers use at this stage. */
    public List<Integer> readRing() {
        return stage.readsNewRing() ? newRing : oldRing;
    }

    /** The ring writers use at this stage. */
    public List<Integer> writeRing() {
        return stage.writesNewRing() ? newRing : oldRing;
    }

    /** Whether every migration completed under its source's current primary term, as {@code collection} has them. */
    public boolean migrated(CollectionMeta collection) {
        return migrations.values().stream().allMatch(m -> {
            ShardInfo source = collection.shard(m.from());
            return source != null && m.syncedIn(source.term());
        });
    }

    /** Points copied so far over all migrations, and the estimated total. */
    public long pointsCopied() {
        return migrations.values().stream().mapToLong(Migration::copied).sum();
    }

    public long pointsTotal() {
        return migrations.values().stream().mapToLong(Migration::total).sum();
    }

    Resharding atStage(ReshardingStage s, long atMillis, long index) {
        return new Resharding(uuid, direction, shardId, peer, shardKey, s, oldRing, newRing, migrations, auto,
                startedAtMillis, atMillis, index);
    }

    Resharding withMigration(Migration m) {
        TreeMap<Integer, Migration> next = new TreeMap<>(migrations);
        next.put(direction == ReshardingDirection.UP ? m.from() : m.to(), m);
        return new Resharding(uuid, direction, shardId, peer, shardKey, stage, oldRing, newRing, next, auto,
                startedAtMillis, stageAtMillis, stageIndex);
    }
}
