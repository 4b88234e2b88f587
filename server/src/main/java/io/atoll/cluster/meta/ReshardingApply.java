package io.atoll.cluster.meta;

import static io.atoll.cluster.meta.ApplyResult.ok;
import static io.atoll.cluster.meta.ApplyResult.refused;

import io.atoll.cluster.meta.Rejection.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The resharding part of {@link MetadataApply} (ARCHITECTURE.md section 8): start, migration progress, the two
 * ring commits, finish, abort and the old shards' cleanup. Pure functions of an image, a record and its index;
 * times come from the records. Refusals use Qdrant's messages where Qdrant has one.
 *
 * <p>Why the read ring is committed only when every migration is synced in its source's current term: synced
 * means the source's primary copied every point and forwards every write it acknowledges; a new primary has no
 * forwarding until its sender syncs again, and reads switched before that would miss its writes.
 */
final class ReshardingApply {
    private ReshardingApply() {
    }



    private static ApplyResult noCollection(ClusterImage image, String name) {
        return refused(image, Reason.NOT_FOUND, "Collection `" + name + "` doesn't exist!");
    }

    static ApplyResult start(ClusterImage image, MetadataRecord.StartResharding r, long index) {
        CollectionMeta c = image.collections().get(r.collection());
        if (c == null) {
            return noCollection(image, r.collection());
        }
        if (c.resharding() != null) {
            return refused(image, Reason.CONFLICT, "resharding " + c.resharding().uuid() + " is already in progress for "
                    + "collection " + c.name());
        }
        if (!c.unclean().isEmpty()) {
            return refused(image, Reason.CONFLICT, "the previous resharding is still cleaning up shards " + c.unclean()
                    + "; try again once it is done");
        }
        if (r.shardKey() == null && c.params().customSharding()) {
            return refused(image, Reason.INVALID, "Shard key must be specified to reshard collection " + c.name()
                    + ", it is sharded by key");
        }
        if (r.shardKey() != null && !c.keys().contains(r.shardKey())) {
            return refused(image, Reason.NOT_FOUND, "sharding key " + r.shardKey() + " does not exist for collection "
                    + c.name());
        }
        if (r.peer() != 0 && !image.peers().containsKey(r.peer())) {
            return refused(image, Reason.NOT_FOUND, "Peer " + r.peer() + " does not exist");
        }
        List<Integer> ring = c.ring(r.shardKey());
        return r.direction() == ReshardingDirection.UP ? startUp(image, c, r, ring, index)
                : startDown(image, c, r, ring, index);
    }

    private static ApplyResult startUp(ClusterImage image, CollectionMeta c, MetadataRecord.StartResharding r,
                                       List<Integer> ring, long index) {
        List<Long> peers = r.placement();
        if (peers == null || peers.isEmpty() || peers.stream().distinct().count() != peers.size()) {
            return refused(image, Reason.INVALID, "the new shard needs distinct peers, got " + peers);
        }
        TreeMap<Long, Replica> replicas = new TreeMap<>();
        for (long p : peers) {
            if (!image.peers().containsKey(p)) {
                return refused(image, Reason.NOT_FOUND, "Peer " + p + " does not exist");
            }
            // The new shard starts empty, so its replicas are in sync with it from the start; they receive what
            // the old shards migrate through its primary, like any write, and serve once reads switch.
            replicas.put(p, new Replica(index, ReplicaState.RESHARDING));
        }
        int id = c.shards().lastKey() + 1;
        TreeMap<Integer, Migration> migrations = new TreeMap<>();
        for (int from : ring) {
            migrations.put(from, Migration.start(from, id));
        }
        List<Integer> newRing = new ArrayList<>(ring);
        newRing.add(id);
        Resharding rs = new Resharding(r.uuid(), ReshardingDirection.UP, id, r.peer(), r.shardKey(),
                ReshardingStage.MIGRATING_POINTS, ring, newRing, migrations, r.auto(), r.atMillis(), r.atMillis(),
                index);
        ShardInfo shard = new ShardInfo(id, replicas, peers.getFirst(), c.firstTerm()).withKey(r.shardKey());
        return ok(image.withCollection(c.withShard(shard).withResharding(rs)));
    }

    private static ApplyResult startDown(ClusterImage image, CollectionMeta c, MetadataRecord.StartResharding r,
                                         List<Integer> ring, long index) {
        if (ring.size() < 2) {
            return refused(image, Reason.INVALID, "cannot remove shard " + ring.getLast() + " by resharding down, it is the "
                    + "last shard");
        }
        int last = ring.getLast();
        ShardInfo shard = c.shard(last);
        if (shard.primary() == 0) {
            return refused(image, Reason.INVALID, "shard " + last + " has no active replica to move its points from");
        }
        String busy = busy(image, c.name(), shard);
        if (busy != null) {
            return refused(image, Reason.CONFLICT, "cannot remove shard " + last + " by resharding down while " + busy
                    + " on it; try again once it is done");
        }
        for (var e : shard.replicas().entrySet()) {
            if (e.getValue().state() == ReplicaState.ACTIVE) {
                shard = shard.withState(e.getKey(), ReplicaState.RESHARDING_SCALE_DOWN);
            }
        }
        List<Integer> newRing = ring.subList(0, ring.size() - 1);
        TreeMap<Integer, Migration> migrations = new TreeMap<>();
        for (int to : newRing) {
            migrations.put(to, Migration.start(last, to));
        }
        Resharding rs = new Resharding(r.uuid(), ReshardingDirection.DOWN, last, r.peer(), r.shardKey(),
                ReshardingStage.MIGRATING_POINTS, ring, newRing, migrations, r.auto(), r.atMillis(), r.atMillis(),
                index);
        return ok(image.withCollection(c.withShard(shard).withResharding(rs)));
    }

    /**
     * What moves a replica of the shard resharding down would remove, or null: a transfer, or a replication
     * operation that has not ended. Removing the shard under them would leave an operation with nothing to finish
     * (a move past its point of no return cannot be cancelled), so they finish first, as Qdrant waits for transfers.
     */
    private static String busy(ClusterImage image, String collection, ShardInfo shard) {
        if (!shard.transfers().isEmpty()) {
            return "a transfer into node " + shard.transfers().firstKey() + " runs";
        }
        for (ReplicationOp op : image.operations().values()) {
            if (!op.state().finished() && op.collection().equals(collection) && op.shard() == shard.id()) {
                return "replication operation " + op.id() + " is " + op.state();
            }
        }
        return null;
    }

    /** The collection's resharding if {@code uuid} names it, else why not. */
    private static ApplyResult running(ClusterImage image, String collection, String uuid) {
        CollectionMeta c = image.collections().get(collection);
        if (c == null) {
            return noCollection(image, collection);
        }
        if (c.resharding() == null || (uuid != null && !c.resharding().uuid().equals(uuid))) {
            return refused(image, Reason.NOT_FOUND, "resharding is not in progress for collection " + collection);
        }
        return null;
    }

    private static ApplyResult wrongStage(ClusterImage image, ReshardingStage expected, Resharding rs) {
        return refused(image, Reason.UNEXPECTED_STATE, "expected resharding stage " + expected.apiName()
                + ", but resharding is at stage " + rs.stage().apiName());
    }

    static ApplyResult progressed(ClusterImage image, MetadataRecord.MigrationProgressed p) {
        ApplyResult missing = running(image, p.collection(), p.uuid());
        if (missing != null) {
            return missing;
        }
        CollectionMeta c = image.collections().get(p.collection());
        Resharding rs = c.resharding();
        int key = rs.direction() == ReshardingDirection.UP ? p.from() : p.to();
        Migration m = rs.migrations().get(key);
        if (m == null || m.from() != p.from() || m.to() != p.to()) {
            return refused(image, Reason.NOT_FOUND, "no migration from shard " + p.from() + " to shard " + p.to());
        }
        if (rs.stage().writesNewRing()) {
            // Until then a new source primary syncs again (its writes are forwarded); after, nothing is migrated.
            return refused(image, Reason.UNEXPECTED_STATE, "the points are migrated already");
        }
        if (c.shard(p.from()).term() != p.term()) {
            return refused(image, Reason.STALE_TERM, "shard " + p.from() + " has term " + c.shard(p.from()).term()
                    + ", not " + p.term());
        }
        Migration next = m.progressed(p.term(), p.copied(), p.total(), p.synced(), p.error());
        return ok(image.withCollection(c.withResharding(rs.withMigration(next))));
    }

    static ApplyResult advance(ClusterImage image, MetadataRecord.AdvanceResharding a, long index) {
        ApplyResult missing = running(image, a.collection(), a.uuid());
        if (missing != null) {
            return missing;
        }
        CollectionMeta c = image.collections().get(a.collection());
        Resharding rs = c.resharding();
        if (rs.stage() != a.from()) {
            return wrongStage(image, a.from(), rs);
        }
        return switch (rs.stage()) {
            case MIGRATING_POINTS -> commitRead(image, c, rs, a.atMillis(), index);
            case READ_HASH_RING_COMMITTED -> ok(image.withCollection(c.withResharding(
                    rs.atStage(ReshardingStage.WRITE_HASH_RING_COMMITTED, a.atMillis(), index))));
            case WRITE_HASH_RING_COMMITTED -> wrongStage(image, ReshardingStage.READ_HASH_RING_COMMITTED, rs);
        };
    }

    private static ApplyResult commitRead(ClusterImage image, CollectionMeta c, Resharding rs, long atMillis,
                                          long index) {
        if (!rs.migrated(c)) {
            return refused(image, Reason.UNEXPECTED_STATE, "points are still being migrated: " + rs.pointsCopied()
                    + " of about " + rs.pointsTotal() + " copied");
        }
        CollectionMeta next = c;
        if (rs.direction() == ReshardingDirection.UP) {
            ShardInfo shard = c.shard(rs.shardId());
            long needed = Math.min(c.params().replicationFactor(), image.peers().size());
            long inSync = shard.countInState(ReplicaState::isInSync);
            if (inSync < needed) {
                return refused(image, Reason.UNEXPECTED_STATE, "the new shard has " + inSync + " replicas in sync, "
                        + "it needs " + needed + " (the replication factor) before reads switch to it");
            }
            for (var e : shard.replicas().entrySet()) {
                if (e.getValue().state() == ReplicaState.RESHARDING) {
                    shard = shard.withState(e.getKey(), ReplicaState.ACTIVE);
                }
            }
            next = next.withShard(shard);
        }
        return ok(image.withCollection(next.withResharding(rs.atStage(ReshardingStage.READ_HASH_RING_COMMITTED,
                atMillis, index))));
    }

    static ApplyResult finish(ClusterImage image, MetadataRecord.FinishResharding f) {
        ApplyResult missing = running(image, f.collection(), f.uuid());
        if (missing != null) {
            return missing;
        }
        CollectionMeta c = image.collections().get(f.collection());
        Resharding rs = c.resharding();
        if (rs.stage() != ReshardingStage.WRITE_HASH_RING_COMMITTED) {
            return wrongStage(image, ReshardingStage.WRITE_HASH_RING_COMMITTED, rs);
        }
        CollectionMeta next = c.withResharding(null);
        if (rs.direction() == ReshardingDirection.UP) {
            // The old shards still hold the points they gave away: reads keep filtering them until deleted.
            next = next.withUnclean(new TreeSet<>(rs.oldRing()));
        } else {
            next = next.withoutShard(rs.shardId());
        }
        if (rs.shardKey() == null) {
            // A key's resharding leaves shard_number alone: it is the number of shards a new key gets.
            next = next.withParams(c.params().withShardNumber(rs.newRing().size()));
        }
        return ok(image.withCollection(next));
    }

    static ApplyResult abort(ClusterImage image, MetadataRecord.AbortResharding a) {
        ApplyResult missing = running(image, a.collection(), a.uuid());
        if (missing != null) {
            return missing;
        }
        CollectionMeta c = image.collections().get(a.collection());
        Resharding rs = c.resharding();
        if (rs.stage() != ReshardingStage.MIGRATING_POINTS) {
            return refused(image, Reason.UNEXPECTED_STATE, "can't abort resharding " + rs.peer() + "/" + rs.shardId() + "/"
                    + (rs.shardKey() == null ? "None" : rs.shardKey()) + ", because read hash ring has been "
                    + "committed already, resharding must be completed");
        }
        return ok(image.withCollection(aborted(c)));
    }

    /**
     * The collection as if its resharding had not started: scaling up, the new shard goes (with what it was
     * sent); scaling down, the last shard serves again and the others delete what they were sent.
     */
    static CollectionMeta aborted(CollectionMeta c) {
        Resharding rs = c.resharding();
        CollectionMeta next = c.withResharding(null);
        if (rs.direction() == ReshardingDirection.UP) {
            return next.withoutShard(rs.shardId());
        }
        ShardInfo shard = c.shard(rs.shardId());
        for (var e : shard.replicas().entrySet()) {
            if (e.getValue().state() == ReplicaState.RESHARDING_SCALE_DOWN) {
                shard = shard.withState(e.getKey(), ReplicaState.ACTIVE);
            }
        }
        return next.withShard(shard).withUnclean(new TreeSet<>(rs.newRing()));
    }

    static ApplyResult cleaned(ClusterImage image, MetadataRecord.ShardCleaned s) {
        CollectionMeta c = image.collections().get(s.collection());
        if (c == null) {
            return noCollection(image, s.collection());
        }
        TreeSet<Integer> unclean = new TreeSet<>(c.unclean());
        unclean.remove(s.shard());
        return ok(image.withCollection(c.withUnclean(unclean)));
    }
}
