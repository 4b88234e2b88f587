package io.atoll.api.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.PeerInfo;
import io.atoll.cluster.meta.ReplicationOp;
import io.atoll.cluster.meta.ReplicationOpStatus;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.cluster.meta.ShardTransfer;

/**
 * A replication operation as Weaviate's API shows it (ReplicationReplicateDetailsReplicaResponse), nodes by name
 * and the shard by its id in decimal, with every field present (its TypeScript client types them all as
 * required). Atoll adds {@code transfer}: the running transfer's progress, while there is one.
 */
final class OperationJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private OperationJson() {
    }

    static ObjectNode of(ReplicationOp op, ClusterImage image, boolean includeHistory, long nowMillis) {
        ObjectNode o = F.objectNode();
        o.put("id", op.id()).put("collection", op.collection()).put("shard", Integer.toString(op.shard()))
                .put("sourceNode", name(image, op.source())).put("targetNode", name(image, op.target()))
                .put("type", op.type().name()).put("uncancelable", op.uncancelable())
                .put("scheduledForCancel", op.cancelRequested()).put("scheduledForDelete", false);
        o.set("status", status(op.status()));
        if (includeHistory) {
            ArrayNode h = o.putArray("statusHistory");
            op.history().forEach(s -> h.add(status(s)));
        } else {
            o.putNull("statusHistory");
        }
        o.put("whenStartedUnixMs", op.createdAtMillis());
        ShardTransfer t = transfer(op, image);
        if (t != null) {
            o.set("transfer", TransferJson.progress(t, nowMillis));
        }
        return o;
    }

    private static ObjectNode status(ReplicationOpStatus s) {
        ObjectNode o = F.objectNode();
        o.put("state", s.state().name()).put("whenStartedUnixMs", s.sinceMillis());
        ArrayNode errors = o.putArray("errors");
        for (ReplicationOpStatus.Error e : s.errors()) {
            errors.addObject().put("whenErroredUnixMs", e.atMillis()).put("message", e.message());
        }
        return o;
    }

    private static String name(ClusterImage image, long peer) {
        PeerInfo p = image.peers().get(peer);
        return p == null ? Long.toString(peer) : p.name();
    }

    /** The transfer running for the operation, or null. */
    private static ShardTransfer transfer(ReplicationOp op, ClusterImage image) {
        CollectionMeta c = image.collections().get(op.collection());
        ShardInfo s = c == null ? null : c.shard(op.shard());
        ShardTransfer t = s == null ? null : s.transferTo(op.target());
        return t != null && op.id().equals(t.operation()) ? t : null;
    }
}
