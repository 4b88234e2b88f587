package io.atoll.cluster.control;

import io.atoll.cluster.meta.ApplyResult;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.PeerInfo;
import io.atoll.cluster.meta.Rejection;
import io.atoll.cluster.meta.ReplicationOp;
import io.atoll.cluster.meta.ReplicationOpType;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.cluster.meta.TransferMethod;
import io.atoll.error.AtollException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Weaviate's replica-movement operations as the API asks for them, by node name and shard name: each call is one
 * record, checked by the metadata's own guards when it commits, so a refused call changes nothing and says why.
 * The operations then run on their own (the leader's {@code ReplicationOpsDecider}). Thread-safe.
 */
public final class ReplicationController {
    private final MetadataLog log;
    private final LongSupplier wallClockMillis;

    public ReplicationController(MetadataLog log, LongSupplier wallClockMillis) {
        this.log = log;
        this.wallClockMillis = wallClockMillis;
    }

    public ClusterImage image() {
        return log.image();
    }

    /** Registers a copy or move and returns its id. */
    public String replicate(String collection, String shard, String sourceNode, String targetNode,
                            ReplicationOpType type, TransferMethod method) {
        ClusterImage image = log.image();
        CollectionMeta c = image.collections().get(collection);
        if (c == null) {
            throw AtollException.unprocessable("collection " + collection + " does not exist");
        }
        int shardId = shard(c, shard);
        long source = peer(image, sourceNode);
        long target = peer(image, targetNode);
        if (source == target) {
            throw AtollException.unprocessable("source and target node are the same");
        }
        String id = UUID.randomUUID().toString();
        commit(new MetadataRecord.RegisterReplication(id, collection, shardId, source, target, type, method,
                wallClockMillis.getAsLong()));
        return id;
    }

    /** The shard of {@code c} named {@code shard} (its id in decimal). */
    static int shard(CollectionMeta c, String shard) {
        try {
            int id = Integer.parseInt(shard);
            if (c.shard(id) != null) {
                return id;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw AtollException.unprocessable("could not find shard " + shard + " for collection " + c.name());
    }

    static long peer(ClusterImage image, String name) {
        PeerInfo p = image.peerNamed(name);
        if (p == null) {
            throw AtollException.unprocessable("node " + name + " does not exist");
        }
        return p.id();
    }

    private void commit(MetadataRecord record) {
        ApplyResult r = log.propose(record);
        if (!r.applied()) {
            throw refusal(r);
        }
    }

    private static AtollException refusal(ApplyResult r) {
        return r.rejectedFor(Rejection.Reason.CONFLICT) ? AtollException.conflict(r.rejection().message())
                : AtollException.unprocessable(r.rejection().message());
    }

    /** The operation with this id, or null. */
    public ReplicationOp get(String id) {
        return log.image().operations().get(id);
    }

    /**
     * The operations of a collection (and shard), or into a target node, or all, oldest first. A shard without a
     * collection is a 400, as in Weaviate.
     */
    public List<ReplicationOp> list(String collection, String shard, String targetNode) {
        return log.image().operations().values().stream().filter(filter(collection, shard, targetNode, false))
                .sorted(java.util.Comparator.comparingLong(ReplicationOp::createdAtMillis)
                        .thenComparing(ReplicationOp::id))
                .toList();
    }

    private Predicate<ReplicationOp> filter(String collection, String shard, String node, boolean anyNode) {
        if (shard != null && collection == null) {
            throw AtollException.badRequest("shard id provided without collection id");
        }
        Map<Long, PeerInfo> peers = log.image().peers();
        return op -> (collection == null || op.collection().equals(collection))
                && (shard == null || Integer.toString(op.shard()).equals(shard))
                && (node == null || named(peers, op.target(), node) || anyNode && named(peers, op.source(), node));
    }

    private static boolean named(Map<Long, PeerInfo> peers, long peer, String name) {
        PeerInfo p = peers.get(peer);
        return p != null && p.name().equals(name);
    }

    /** Cancels an operation; an unknown id is no error (Weaviate's), one past FINALIZING is a conflict. */
    public void cancel(String id) {
        ApplyResult r = log.propose(new MetadataRecord.CancelReplication(id, null, wallClockMillis.getAsLong()));
        if (!r.applied() && !r.rejectedFor(Rejection.Reason.NOT_FOUND)) {
            throw AtollException.conflict(r.rejection().message());
        }
    }

    /** Deletes an operation (cancelling it first while it runs); an unknown id is no error. */
    public void delete(String id) {
        ApplyResult r = log.propose(new MetadataRecord.DeleteReplications(List.of(id), false,
                wallClockMillis.getAsLong()));
        if (!r.applied() && !r.rejectedFor(Rejection.Reason.NOT_FOUND)) {
            throw AtollException.conflict(r.rejection().message());
        }
    }

    /** Deletes every operation that is over or can still be cancelled; the others go on. */
    public void deleteAll() {
        List<String> ids = log.image().operations().values().stream()
                .filter(op -> op.state().finished() || op.cancelable()).map(ReplicationOp::id).toList();
        if (!ids.isEmpty()) {
            log.propose(new MetadataRecord.DeleteReplications(ids, false, wallClockMillis.getAsLong()));
        }
    }

    /**
     * Removes the records of the operations selected (all; by collection and shard; by id; by node) with no
     * cleanup, and returns their ids; {@code dryRun} only says which.
     */
    public List<String> forceDelete(String id, String collection, String shard, String node, boolean dryRun) {
        List<String> ids;
        if (collection == null && shard == null && id != null) {
            ids = log.image().operations().containsKey(id) ? List.of(id) : List.of();
        } else {
            ids = log.image().operations().values().stream()
                    .filter(filter(collection, shard, collection == null ? node : null, true))
                    .map(ReplicationOp::id).toList();
        }
        if (!dryRun && !ids.isEmpty()) {
            log.propose(new MetadataRecord.DeleteReplications(ids, true, wallClockMillis.getAsLong()));
        }
        return ids;
    }

    /** The replicas of a collection's shards (or one shard) that hold its data, by node name. */
    public Map<String, List<String>> shardingState(String collection, String shard) {
        ClusterImage image = log.image();
        CollectionMeta c = image.collections().get(collection);
        if (c == null) {
            throw AtollException.notFound("collection " + collection + " does not exist");
        }
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        for (ShardInfo s : c.shards().values()) {
            if (shard != null && !Integer.toString(s.id()).equals(shard)) {
                continue;
            }
            List<String> nodes = new ArrayList<>();
            s.replicas().forEach((peer, r) -> {
                if (r.state().isInSync()) {
                    nodes.add(image.peers().get(peer).name());
                }
            });
            out.put(Integer.toString(s.id()), nodes);
        }
        if (shard != null && out.isEmpty()) {
            throw AtollException.notFound("shard " + shard + " of collection " + collection + " does not exist");
        }
        return out;
    }

    public ScalePlan scalePlan(String collection, int factor) {
        return ScalePlanner.plan(log.image(), UUID.randomUUID().toString(), collection, factor);
    }

    /**
     * Applies a plan as one metadata record ({@link ScalePlanBatch}): each add becomes a COPY operation (a MOVE when
     * its source is removed from that shard), each other removal drops the replica (or cancels the pending
     * operation that fills it), and the collection takes the new factor. Returns the operation ids.
     */
    public List<String> applyScalePlan(ScalePlan plan) {
        Map<String, String> ids = new java.util.LinkedHashMap<>();
        plan.shards().forEach((shard, a) -> a.add().keySet().forEach(node ->
                ids.put(ScalePlanBatch.key(shard, node), UUID.randomUUID().toString())));
        for (int attempt = 0; attempt < 20; attempt++) {
            List<MetadataRecord> records = ScalePlanBatch.records(log.image(), plan, ids, wallClockMillis.getAsLong());
            if (records.isEmpty()) {
                return List.of();
            }
            ApplyResult r = log.propose(records.size() == 1 ? records.get(0) : new MetadataRecord.Batch(records));
            if (r.applied()) {
                return List.copyOf(ids.values());
            }
            if (!r.rejectedFor(Rejection.Reason.PARAMS_CHANGED)) {
                throw refusal(r);
            }
        }
        throw AtollException.conflict("the collection's parameters kept changing while the scale plan was applied");
    }
}
