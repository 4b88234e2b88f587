package io.atoll.cluster.control.loop;

import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.ReplicaState;
import io.atoll.cluster.meta.Resharding;
import io.atoll.cluster.meta.ReshardingDirection;
import io.atoll.cluster.meta.ReshardingStage;
import io.atoll.cluster.meta.ShardInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Drives every resharding Atoll runs from one call through its stages (ARCHITECTURE.md section 8), and aborts one
 * that cannot finish. The migrations themselves run on the source primaries, which record when they are synced;
 * this decider switches the rings once they are:
 * <ul>
 *   <li>reads switch to the new ring once every migration is synced in its source's current term (the apply
 *       also checks that the new shard has the replication factor);</li>
 *   <li>writes switch once every live node acted on the read switch (a node still reading by the old ring would
 *       miss the writes the new shard takes directly from then on), and every migration is synced again if a
 *       source changed primary meanwhile;</li>
 *   <li>the resharding finishes once every live node acted on the write switch: from then on no source forwards,
 *       so a source that still took writes for moved points would lose them.</li>
 * </ul>
 * A scale-up whose new shard has no in-sync replica left is aborted while that is still allowed (before reads
 * switch): nothing could become its primary. Steps of operator-driven reshardings are left to the operator.
 */
public final class ReshardingDecider implements Decider {
    private final LongSupplier wallClockMillis;

    public ReshardingDecider(LongSupplier wallClockMillis) {
        this.wallClockMillis = wallClockMillis;
    }

    @Override
    public String name() {
        return "resharding";
    }

    @Override
    public List<Decision> decide(ControlView view) {
        long now = wallClockMillis.getAsLong();
        List<Decision> out = new ArrayList<>();
        for (CollectionMeta c : view.image().collections().values()) {
            Resharding rs = c.resharding();
            if (rs == null) {
                continue;
            }
            String what = "resharding " + rs.uuid() + " of " + c.name() + " (" + rs.direction().apiName()
                    + ", shard " + rs.shardId() + ", " + rs.stage().apiName() + ")";
            if (rs.stage() == ReshardingStage.MIGRATING_POINTS && lostNewShard(view, c, rs)) {
                out.add(new Decision(new MetadataRecord.AbortResharding(c.name(), rs.uuid(),
                        "the new shard has no replica in sync on a live node"), what + ": the new shard has no "
                        + "replica in sync on a live node: aborting"));
                continue;
            }
            if (!rs.auto()) {
                continue;
            }
            String step = switch (rs.stage()) {
                case MIGRATING_POINTS -> rs.migrated(c) && hasReplicationFactor(view, c, rs)
                        ? "every migration is synced: switching reads to the new ring" : null;
                case READ_HASH_RING_COMMITTED -> view.allLiveActedOn(rs.stageIndex()) && rs.migrated(c)
                        ? "every live node reads by the new ring: switching writes" : null;
                case WRITE_HASH_RING_COMMITTED -> view.allLiveActedOn(rs.stageIndex())
                        ? "every live node writes by the new ring: finishing" : null;
            };
            if (step == null) {
                continue;
            }
            MetadataRecord record = rs.stage() == ReshardingStage.WRITE_HASH_RING_COMMITTED
                    ? new MetadataRecord.FinishResharding(c.name(), rs.uuid())
                    : new MetadataRecord.AdvanceResharding(c.name(), rs.uuid(), rs.stage(), now);
            out.add(new Decision(record, what + ": " + step));
        }
        return out;
    }

    /**
     * Scaling up, whether no in-sync replica of the new shard is on a live node: nothing can take what the sources
     * send. It holds nothing the old shards lack, so aborting loses nothing; the operator starts again.
     */
    private static boolean lostNewShard(ControlView view, CollectionMeta c, Resharding rs) {
        if (rs.direction() != ReshardingDirection.UP) {
            return false;
        }
        ShardInfo s = c.shard(rs.shardId());
        return s == null || s.replicas().entrySet().stream()
                .noneMatch(e -> e.getValue().state().isInSync() && !view.down().contains(e.getKey()));
    }

    /** Scaling up, the new shard has as many replicas in sync as the collection's factor (or as there are peers). */
    private static boolean hasReplicationFactor(ControlView view, CollectionMeta c, Resharding rs) {
        if (rs.direction() != ReshardingDirection.UP) {
            return true;
        }
        long needed = Math.min(c.params().replicationFactor(), view.image().peers().size());
        return c.shard(rs.shardId()).countInState(ReplicaState::isInSync) >= needed;
    }
}
