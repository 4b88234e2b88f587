package io.atoll.cluster.meta;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a change of image means for one node's replicas (Kafka's {@code localChanges}): which replicas it must
 * open, which it must drop (close and delete), which it keeps but must follow anew (their shard, their
 * collection's params or the peers changed), and where it gained or lost a primary. A pure function of two
 * images; the node's reconciler acts on it. Immutable.
 *
 * @param open          replicas placed on the node by {@code next} that {@code previous} did not place there
 *                      (every replica, from the empty image at start), or that may open again (a snapshot
 *                      installed); never a snapshot's target before its installation
 * @param close         replicas that stay on the node but must be closed (their files kept): targets of a
 *                      snapshot transfer, whose files are installed while they are closed
 * @param drop          replicas {@code previous} placed on the node that {@code next} does not: their shard, their
 *                      collection or this incarnation left the image
 * @param follow        replicas in both whose shard, collection params or peers changed
 * @param primaryGained replicas that are their shard's primary in {@code next} and were not (or not in that term)
 * @param primaryLost   replicas that were their shard's primary in {@code previous} and are not in {@code next}
 */
public record NodeChanges(List<ReplicaId> open, List<ReplicaId> close, List<ReplicaId> drop, List<ReplicaId> follow,
                          List<ReplicaId> primaryGained, List<ReplicaId> primaryLost) {

    public NodeChanges {
        open = List.copyOf(open);
        close = List.copyOf(close);
        drop = List.copyOf(drop);
        follow = List.copyOf(follow);
        primaryGained = List.copyOf(primaryGained);
        primaryLost = List.copyOf(primaryLost);
    }

    public boolean isEmpty() {
        return open.isEmpty() && close.isEmpty() && drop.isEmpty() && follow.isEmpty();
    }

    public static NodeChanges between(ClusterImage previous, ClusterImage next, long self) {
        List<ReplicaId> open = new ArrayList<>();
        List<ReplicaId> close = new ArrayList<>();
        List<ReplicaId> drop = new ArrayList<>();
        List<ReplicaId> follow = new ArrayList<>();
        List<ReplicaId> gained = new ArrayList<>();
        List<ReplicaId> lost = new ArrayList<>();
        boolean peersChanged = !previous.peers().equals(next.peers());
        for (CollectionMeta c : previous.collections().values()) {
            for (ShardInfo s : c.shards().values()) {
                ReplicaId was = idOf(c, s, self);
                if (was != null && !was.equals(idOf(next, c.name(), s.id(), self))) {
                    drop.add(was);
                    if (s.primary() == self) {
                        lost.add(was);
                    }
                }
            }
        }
        for (CollectionMeta c : next.collections().values()) {
            CollectionMeta before = previous.collections().get(c.name());
            for (ShardInfo s : c.shards().values()) {
                ReplicaId id = idOf(c, s, self);
                if (id == null) {
                    continue;
                }
                ShardInfo old = before == null ? null : before.shard(s.id());
                boolean kept = id.equals(idOf(previous, c.name(), s.id(), self));
                boolean wasOpen = kept && !awaitsInstall(old, self);
                if (awaitsInstall(s, self)) {
                    if (wasOpen) {
                        close.add(id);
                    }
                } else if (!wasOpen) {
                    open.add(id);
                } else if (peersChanged || !old.equals(s) || !before.params().equals(c.params())
                        || routingChanged(before, c)) {
                    follow.add(id);
                }
                boolean leads = s.primary() == self;
                boolean led = kept && old.primary() == self;
                if (leads && (!led || old.term() != s.term())) {
                    gained.add(id);
                } else if (!leads && led) {
                    lost.add(id);
                }
            }
        }
        return new NodeChanges(open, close, drop, follow, gained, lost);
    }

    /**
     * Whether a resharding or a promotion started, moved to another stage or ended, or the shards left to clean
     * changed: a primary's writes, migrations and cleanup follow these (a migration's progress alone changes
     * nothing there).
     */
    private static boolean routingChanged(CollectionMeta before, CollectionMeta after) {
        Resharding a = before.resharding();
        Resharding b = after.resharding();
        boolean same = a == null ? b == null : b != null && a.uuid().equals(b.uuid()) && a.stage() == b.stage();
        Promotion p = before.promotion();
        Promotion q = after.promotion();
        boolean samePromotion = p == null ? q == null
                : q != null && p.uuid().equals(q.uuid()) && p.readsSwitched() == q.readsSwitched();
        return !same || !samePromotion || !before.unclean().equals(after.unclean())
                || before.routingFence() != after.routingFence();
    }

    /** Whether this node's replica of the shard is a snapshot's target that must stay closed for now. */
    public static boolean awaitsInstall(ShardInfo s, long self) {
        ShardTransfer t = s.transfers().get(self);
        return t != null && t.targetAwaitsInstall();
    }

    private static ReplicaId idOf(ClusterImage image, String collection, int shard, long self) {
        CollectionMeta c = image.collections().get(collection);
        ShardInfo s = c == null ? null : c.shard(shard);
        return s == null ? null : idOf(c, s, self);
    }

    private static ReplicaId idOf(CollectionMeta c, ShardInfo s, long self) {
        Replica r = s.replicas().get(self);
        return r == null ? null : new ReplicaId(c.name(), c.uuid(), s.id(), r.incarnation());
    }

    /** The replica of {@code id}'s shard on {@code self} in {@code image}, if it is still that incarnation. */
    public static ShardInfo shardOf(ClusterImage image, ReplicaId id, long self) {
        CollectionMeta c = image.collections().get(id.collection());
        ShardInfo s = c == null || !c.uuid().equals(id.collectionUuid()) ? null : c.shard(id.shard());
        return s != null && Objects.equals(idOf(c, s, self), id) ? s : null;
    }
}
