package io.atoll.cluster.meta;

import static io.atoll.cluster.meta.ApplyResult.ok;
import static io.atoll.cluster.meta.ApplyResult.refused;

import io.atoll.cluster.meta.Rejection.Reason;
import io.atoll.point.ShardKey;
import java.util.List;

/**
 * The tenant-promotion part of {@link MetadataApply} (Qdrant's {@code replicate_points}): start, the copy's
 * progress, the readers' switch, the writers' switch (finish), and abort. Pure functions of an image, a record and
 * its index. Refusals use Qdrant's messages where Qdrant has one.
 *
 * <p>The target's replica becomes Resharding at the start: in sync with its shard and its primary, so that the
 * source's primary can forward writes to it through the target's primary in order, as a resharding's migration
 * does (Qdrant shows it Partial: it streams to the replica directly). Readers switch only once the copy is synced
 * in the source's current term, for the reason a resharding's read ring waits for it. Writers keep writing to the
 * source, which keeps forwarding, until they switch to the target at the finish; from then on the target refuses
 * forwards and the source refuses writes routed before the switch, so no write lands in the source alone.
 */
final class PromotionApply {
    private PromotionApply() {
    }



    /** The single shard of {@code key}, or null. */
    private static ShardInfo onlyShard(CollectionMeta c, ShardKey key) {
        List<Integer> ring = c.ring(key);
        return ring.size() == 1 ? c.shard(ring.getFirst()) : null;
    }

    static ApplyResult start(ClusterImage image, MetadataRecord.StartPromotion r, long index) {
        CollectionMeta c = image.collections().get(r.collection());
        if (c == null) {
            return refused(image, Reason.NOT_FOUND, "Collection `" + r.collection() + "` doesn't exist!");
        }
        for (ShardKey k : List.of(r.fromKey(), r.toKey())) {
            if (!c.keys().contains(k)) {
                return refused(image, Reason.NOT_FOUND, "Shard key " + k + " does not exist for collection " + c.name());
            }
        }
        if (c.promotion() != null || c.resharding() != null) {
            return refused(image, Reason.CONFLICT, (c.promotion() != null ? "points are already being replicated"
                    : "a resharding is in progress") + " in collection " + c.name() + "; try again once it is done");
        }
        ShardInfo from = onlyShard(c, r.fromKey());
        if (from == null) {
            return refused(image, Reason.INVALID, "Only replicating from shard keys with exactly one shard is supported. "
                    + "Shard key " + r.fromKey() + " has " + c.ring(r.fromKey()).size() + " shards");
        }
        ShardInfo to = onlyShard(c, r.toKey());
        if (to == null || to.replicas().size() != 1) {
            return refused(image, Reason.INVALID, "Only replicating to shard keys with exactly one replica is supported. "
                    + "Shard key " + r.toKey() + " has " + c.ring(r.toKey()).stream()
                    .mapToInt(s -> c.shard(s).replicas().size()).sum() + " replicas");
        }
        long peer = to.replicas().firstKey();
        ReplicaState state = to.state(peer);
        if (state == ReplicaState.DEAD) {
            return refused(image, Reason.INVALID, "Filtered shard transfer can't be started, because destination shard "
                    + peer + "/" + to.id() + " is dead");
        }
        if (state != ReplicaState.PARTIAL && state != ReplicaState.ACTIVE) {
            return refused(image, Reason.INVALID, "the replica of shard " + to.id() + " on peer " + peer + " is "
                    + state.apiName() + ", not Partial or Active");
        }
        if (from.primary() == 0) {
            return refused(image, Reason.UNEXPECTED_STATE, "shard " + from.id() + " has no active replica to copy from");
        }
        // In sync and the target's primary from here on: forwarded writes go through it, in the source's order.
        ShardInfo filling = to.withState(peer, ReplicaState.RESHARDING);
        filling = filling.withPrimary(peer, filling.term() + 1);
        Promotion p = new Promotion(r.uuid(), r.fromKey(), r.toKey(), from.id(), to.id(), r.filter(),
                Migration.start(from.id(), to.id()), false, r.atMillis(), r.atMillis(), index);
        return ok(image.withCollection(c.withShard(filling).withPromotion(p)));
    }

    /** The collection's promotion if {@code uuid} names it, else null. */
    static Promotion running(ClusterImage image, String collection, String uuid) {
        CollectionMeta c = image.collections().get(collection);
        Promotion p = c == null ? null : c.promotion();
        return p != null && (uuid == null || p.uuid().equals(uuid)) ? p : null;
    }

    static ApplyResult progressed(ClusterImage image, MetadataRecord.MigrationProgressed r) {
        CollectionMeta c = image.collections().get(r.collection());
        Promotion p = c.promotion();
        if (p.from() != r.from() || p.to() != r.to()) {
            return refused(image, Reason.NOT_FOUND, "no migration from shard " + r.from() + " to shard " + r.to());
        }
        if (c.shard(r.from()).term() != r.term()) {
            return refused(image, Reason.STALE_TERM, "shard " + r.from() + " has term " + c.shard(r.from()).term()
                    + ", not " + r.term());
        }
        Migration next = p.migration().progressed(r.term(), r.copied(), r.total(), r.synced(), r.error());
        return ok(image.withCollection(c.withPromotion(p.withMigration(next))));
    }

    /** Readers switch to the target: its replica becomes ActiveRead, and writes with a fallback reach both keys. */
    static ApplyResult switchReads(ClusterImage image, MetadataRecord.SwitchPromotionReads r, long index) {
        Promotion p = running(image, r.collection(), r.uuid());
        if (p == null) {
            return refused(image, Reason.NOT_FOUND, "no points are being replicated in collection " + r.collection());
        }
        CollectionMeta c = image.collections().get(r.collection());
        if (p.readsSwitched()) {
            return ok(image);
        }
        if (!p.migrated(c)) {
            return refused(image, Reason.UNEXPECTED_STATE, "the points are still being copied");
        }
        ShardInfo to = c.shard(p.to());
        if (to == null || to.replicas().isEmpty()) {
            return refused(image, Reason.NOT_FOUND, "the target shard " + p.to() + " has no replica left");
        }
        ShardInfo next = to.withState(to.replicas().firstKey(), ReplicaState.ACTIVE_READ);
        return ok(image.withCollection(c.withShard(next).withPromotion(p.readersSwitched(r.atMillis(), index))));
    }

    /** Writers switch to the target too: its replica becomes Active and the promotion ends. */
    static ApplyResult finish(ClusterImage image, MetadataRecord.FinishPromotion r, long index) {
        Promotion p = running(image, r.collection(), r.uuid());
        if (p == null) {
            return refused(image, Reason.NOT_FOUND, "no points are being replicated in collection " + r.collection());
        }
        if (!p.readsSwitched()) {
            return refused(image, Reason.UNEXPECTED_STATE, "readers have not switched to the target yet");
        }
        return ok(image.withCollection(writersSwitched(image.collections().get(r.collection()), index)));
    }

    /**
     * The collection without its promotion, whose target (if it still has a replica) takes the writes. A write
     * routed by an older image, to the source, is refused from now on (see {@link CollectionMeta#routingFence}):
     * the source no longer forwards, and its coordinator must send it to the target.
     */
    private static CollectionMeta writersSwitched(CollectionMeta c, long index) {
        ShardInfo to = c.shard(c.promotion().to());
        CollectionMeta next = c.withPromotion(null).withRoutingFence(index);
        if (to == null || to.replicas().isEmpty()) {
            return next;
        }
        return next.withShard(to.withState(to.replicas().firstKey(), ReplicaState.ACTIVE));
    }

    static ApplyResult abort(ClusterImage image, MetadataRecord.AbortPromotion r, long index) {
        Promotion p = running(image, r.collection(), r.uuid());
        if (p == null) {
            return refused(image, Reason.NOT_FOUND, "no points are being replicated in collection " + r.collection());
        }
        if (p.readsSwitched()) {
            return refused(image, Reason.UNEXPECTED_STATE, "readers use the target already; the replication must finish");
        }
        return ok(image.withCollection(aborted(image.collections().get(r.collection()), index)));
    }

    /**
     * The collection without its promotion. Before readers switched, the target's replica, part filled, is Dead
     * (as a failed transfer's); after, it holds every write already and takes them alone from now on.
     */
    static CollectionMeta aborted(CollectionMeta c, long index) {
        Promotion p = c.promotion();
        if (p.readsSwitched()) {
            return writersSwitched(c, index);
        }
        CollectionMeta next = c.withPromotion(null);
        ShardInfo to = c.shard(p.to());
        if (to == null || to.replicas().isEmpty()) {
            return next;
        }
        return next.withShard(to.withState(to.replicas().firstKey(), ReplicaState.DEAD));
    }
}
