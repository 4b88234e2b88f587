package io.atoll.cluster.meta;

import static io.atoll.cluster.meta.ApplyResult.ok;
import static io.atoll.cluster.meta.ApplyResult.refused;

import io.atoll.cluster.meta.Rejection.Reason;
import io.atoll.point.ShardKey;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The shard-key part of {@link MetadataApply}: creating a key's shards in a collection sharded by key, and dropping
 * them. Pure functions of an image, a record and its index. Refusals use Qdrant's apply-time messages.
 */
final class ShardKeyApply {
    private ShardKeyApply() {
    }


    static ApplyResult create(ClusterImage image, MetadataRecord.CreateShardKey r, long index) {
        CollectionMeta c = image.collections().get(r.collection());
        if (c == null) {
            return refused(image, Reason.NOT_FOUND, "Collection `" + r.collection() + "` doesn't exist!");
        }
        if (!c.params().customSharding()) {
            return refused(image, Reason.INVALID, "Shard Key " + r.key() + " cannot be created with Auto sharding method");
        }
        if (c.keys().contains(r.key())) {
            return refused(image, Reason.ALREADY_EXISTS, "Shard key " + r.key() + " already exists");
        }
        if (r.placement().isEmpty() || r.placement().stream().anyMatch(List::isEmpty)) {
            return refused(image, Reason.INVALID, "Shard key " + r.key() + " placement cannot be empty");
        }
        Set<Long> unknown = r.placement().stream().flatMap(List::stream)
                .filter(p -> !image.peers().containsKey(p)).collect(Collectors.toCollection(java.util.TreeSet::new));
        if (!unknown.isEmpty()) {
            return refused(image, Reason.NOT_FOUND, "Shard Key " + r.key() + " placement contains unknown peers: " + unknown);
        }
        if (r.state() != ReplicaState.ACTIVE && r.state() != ReplicaState.PARTIAL) {
            return refused(image, Reason.INVALID, "Initial state cannot be " + r.state().apiName()
                    + ", only Active or Partial are allowed");
        }
        // An id a dropped key's shard had may come back: replica directories are named by incarnation too.
        int next = c.shards().isEmpty() ? 0 : c.shards().lastKey() + 1;
        CollectionMeta updated = c;
        for (List<Long> peers : r.placement()) {
            if (peers.stream().distinct().count() != peers.size()) {
                return refused(image, Reason.INVALID, "shard " + next + " needs distinct peers, got " + peers);
            }
            TreeMap<Long, Replica> replicas = new TreeMap<>();
            // A new shard is empty, so Active replicas are trivially in sync. Partial ones (a tenant to be filled by
            // replicate_points) serve nothing until a transfer makes them Active, so the shard has no primary yet.
            peers.forEach(p -> replicas.put(p, new Replica(index, r.state(), false,
                    r.pinned() ? ReplicaOrigin.USER : ReplicaOrigin.CREATED)));
            long primary = r.state() == ReplicaState.ACTIVE ? peers.getFirst() : 0;
            updated = updated.withShard(new ShardInfo(next, replicas, primary, c.firstTerm()).withKey(r.key()));
            next++;
        }
        return ok(image.withCollection(updated));
    }

    static ApplyResult drop(ClusterImage image, MetadataRecord.DropShardKey r, long index) {
        CollectionMeta c = image.collections().get(r.collection());
        if (c == null) {
            return refused(image, Reason.NOT_FOUND, "Collection `" + r.collection() + "` doesn't exist!");
        }
        if (!c.params().customSharding()) {
            return refused(image, Reason.INVALID, "shard key " + r.key() + " cannot be removed with Auto sharding method");
        }
        if (!c.keys().contains(r.key())) {
            return refused(image, Reason.NOT_FOUND, "Sharding key " + r.key() + " does not exist for collection "
                    + c.name());
        }
        CollectionMeta updated = c;
        if (c.resharding() != null && r.key().equals(c.resharding().shardKey())) {
            // Its shards all go, the new one too: there is nothing left to migrate or to roll back.
            updated = updated.withResharding(null);
        }
        Promotion p = c.promotion();
        if (p != null && (r.key().equals(p.fromKey()) || r.key().equals(p.toKey()))) {
            // A tenant cannot move from or to a key that is gone.
            updated = PromotionApply.aborted(updated, index);
        }
        List<Integer> dropped = c.shards().values().stream().filter(s -> r.key().equals(s.key()))
                .map(ShardInfo::id).toList();
        for (int id : dropped) {
            updated = updated.withoutShard(id);
        }
        // A dropped key's operations go with it, as a dropped collection's do: nothing is left to move.
        List<String> ops = image.operations().values().stream()
                .filter(op -> op.collection().equals(c.name()) && dropped.contains(op.shard()))
                .map(ReplicationOp::id).toList();
        return ok(image.withCollection(updated).withoutOperations(ops));
    }
}
