package io.atoll.cluster.control;

import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.ReplicationOp;
import io.atoll.cluster.meta.ReplicationOpType;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.cluster.meta.TransferMethod;
import io.atoll.error.AtollException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The records that apply a scale plan, built against the image they will be proposed on, to commit as one
 * {@code Batch}: the removals (a replica a pending operation fills is removed by cancelling that operation, else
 * the operation would put it back), the copies and moves (registered with ids made beforehand, so a retry
 * registers the same operations), and the collection's new replication factor (else the cluster's upkeep of the
 * factor would undo the plan). All or nothing: a plan half applied leaves copies over the factor that the same
 * plan cannot be sent again to finish.
 *
 * <p>A plan made on an older image is refused (409) when the shard it acts on changed since: a node it removes no
 * longer holds a replica, one it adds holds one now, or the shards would end with different numbers of replicas,
 * so that no one factor describes them. Pure.
 */
final class ScalePlanBatch {
    private ScalePlanBatch() {
    }

    /**
     * @param ids       the operation id of each add, keyed by {@link #key}
     * @param atMillis  the wall-clock time the operations are registered at
     */
    static List<MetadataRecord> records(ClusterImage image, ScalePlan plan, Map<String, String> ids, long atMillis) {
        CollectionMeta c = image.collections().get(plan.collection());
        if (c == null) {
            throw AtollException.notFound("collection " + plan.collection() + " does not exist");
        }
        List<MetadataRecord> cancels = new ArrayList<>();
        List<MetadataRecord> removals = new ArrayList<>();
        List<MetadataRecord> registrations = new ArrayList<>();
        Map<Integer, Integer> after = new TreeMap<>();
        c.shards().values().forEach(s -> after.put(s.id(), SettledShard.of(image, c.name(), s).count()));
        for (Map.Entry<String, ScalePlan.ShardActions> e : plan.shards().entrySet()) {
            ShardInfo s = c.shard(ReplicationController.shard(c, e.getKey()));
            SettledShard settled = SettledShard.of(image, c.name(), s);
            List<Long> remove = new ArrayList<>();
            for (String node : e.getValue().remove()) {
                long peer = ReplicationController.peer(image, node);
                if (!settled.peers().contains(peer)) {
                    throw outOfDate("node " + node + " holds no replica of shard " + s.id() + " of " + c.name());
                }
                if (settled.held().contains(peer)) {
                    throw outOfDate("a running replication operation holds the replica of shard " + s.id() + " of "
                            + c.name() + " on node " + node + " (wait for it or cancel it)");
                }
                remove.add(peer);
            }
            for (Map.Entry<String, String> add : e.getValue().add().entrySet()) {
                long target = ReplicationController.peer(image, add.getKey());
                if (settled.peers().contains(target) || s.hasReplicaOn(target)) {
                    throw outOfDate("node " + add.getKey() + " holds a replica of shard " + s.id() + " of " + c.name());
                }
                long source = add.getValue() != null ? ReplicationController.peer(image, add.getValue())
                        : ScalePlanner.source(s, settled);
                if (source == 0) {
                    throw AtollException.unprocessable("shard " + e.getKey() + " has no active replica to copy from");
                }
                boolean move = remove.remove(Long.valueOf(source));
                registrations.add(new MetadataRecord.RegisterReplication(ids.get(key(e.getKey(), add.getKey())),
                        c.name(), s.id(), source, target, move ? ReplicationOpType.MOVE : ReplicationOpType.COPY,
                        TransferMethod.SNAPSHOT, atMillis));
            }
            for (long peer : remove) {
                ReplicationOp filling = settled.targetOf().get(peer);
                if (filling != null) {
                    cancels.add(new MetadataRecord.CancelReplication(filling.id(), "cancelled by scale plan "
                            + plan.planId(), atMillis));
                } else {
                    removals.add(new MetadataRecord.RemoveReplica(c.name(), s.id(), peer));
                }
            }
            after.merge(s.id(), e.getValue().add().size() - e.getValue().remove().size(), Integer::sum);
        }
        // What the plan drops, then what it adds, then the factor the shards then have.
        List<MetadataRecord> records = new ArrayList<>(cancels);
        records.addAll(removals);
        records.addAll(registrations);
        if (after.values().stream().distinct().count() != 1) {
            if (records.isEmpty()) {
                return records; // changes nothing while a repair runs: the factor stays
            }
            throw outOfDate("after it the shards would hold " + after + " replicas, not one replication factor");
        }
        int factor = after.values().iterator().next();
        var p = c.params();
        if (p.replicationFactor() != factor) {
            records.add(new MetadataRecord.UpdateCollectionParams(c.name(), p,
                    p.withUpdate(factor, Math.min(p.writeConsistencyFactor(), factor), p.onDiskPayload(), p.hnsw(),
                            p.vectors(), p.optimizersConfig(), p.quantization(), p.metadata())));
        }
        return records;
    }

    /** The key of an add's operation id: its shard and target node. */
    static String key(String shard, String targetNode) {
        return shard + "/" + targetNode;
    }

    private static AtollException outOfDate(String why) {
        return AtollException.conflict("the scale plan is out of date: " + why + "; ask for a new plan");
    }
}
