package io.atoll.api.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.cluster.control.ClusterController;
import io.atoll.cluster.control.ShardControl;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.MetadataCodec;
import io.atoll.cluster.meta.PeerInfo;
import io.atoll.cluster.meta.Replica;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.cluster.meta.RaftStatus;
import io.atoll.collection.Collection;
import io.atoll.collection.CollectionRegistry;
import io.atoll.collection.ReplicaChecksum;
import io.atoll.error.AtollException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/** Qdrant's cluster endpoints: the cluster's peers and Raft state, peer removal, and a collection's shard layout. */
final class ClusterRoutes {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final CollectionRegistry registry;
    private final ClusterController cluster;
    private final ShardOperations shardOperations;
    private final ShardKeyRoutes shardKeys;
    private final TransferRate transferRate;

    ClusterRoutes(CollectionRegistry registry, ClusterController cluster, ShardControl shards,
                  TransferRate transferRate) {
        this.registry = registry;
        this.cluster = cluster;
        this.shardKeys = new ShardKeyRoutes(registry, shards.keys());
        this.shardOperations = new ShardOperations(registry, shards);
        this.transferRate = transferRate;
    }

    void register(RoutesConfig r) {
        r.get("/cluster", this::clusterInfo);
        r.delete("/cluster/peer/{peer_id}", this::removePeer);
        r.post("/cluster/recover", ctx -> Http.ok(ctx, BooleanNode.TRUE));
        r.get("/cluster/metadata", this::metadata);
        r.get("/collections/{name}/cluster", this::collectionCluster);
        r.get("/collections/{name}/cluster/checksums", this::checksums);
        r.post("/collections/{name}/cluster", shardOperations::handle);
        shardKeys.register(r);
        r.get("/cluster/transfer_rate_limit", ctx -> Http.ok(ctx, F.objectNode().put("bytes_per_sec", transferRate.get())));
        r.put("/cluster/transfer_rate_limit", this::setTransferRate);
    }

    private void clusterInfo(Context ctx) {
        ClusterImage image = cluster.image();
        RaftStatus raft = cluster.status();
        ObjectNode o = F.objectNode();
        o.put("status", "enabled");
        o.put("peer_id", cluster.self());
        ObjectNode peers = o.putObject("peers");
        for (PeerInfo p : image.peers().values()) {
            peers.putObject(Long.toString(p.id())).put("uri", p.uri());
        }
        ObjectNode ri = o.putObject("raft_info");
        ri.put("term", raft.term());
        ri.put("commit", raft.commit());
        ri.put("pending_operations", raft.pendingOperations());
        if (raft.leader() == null) {
            ri.putNull("leader");
        } else {
            ri.put("leader", raft.leader());
        }
        ri.put("role", raft.role());
        ri.put("is_voter", raft.isVoter());
        o.set("consensus_thread_status", consensusThread(raft));
        o.putObject("message_send_failures");
        Http.ok(ctx, o);
    }

    /** Qdrant's ConsensusThreadStatus: Ratis runs the consensus, and a stopped Ratis server stops the node. */
    static ObjectNode consensusThread(RaftStatus raft) {
        ObjectNode consensus = F.objectNode();
        consensus.put("consensus_thread_status", "working");
        consensus.put("last_update", raft.lastUpdate().toString());
        return consensus;
    }

    /**
     * Atoll's own: this node's metadata image with the Raft index it reflects and its SHA-256, so that nodes can
     * be compared: at the same applied index every node must hold the same image.
     */
    private void metadata(Context ctx) throws IOException {
        ClusterImage image = cluster.image();
        byte[] encoded = MetadataCodec.encode(image);
        ObjectNode o = F.objectNode();
        o.put("applied_index", image.appliedIndex());
        o.put("sha256", sha256(encoded));
        o.set("image", ResponseJson.JSON.readTree(encoded));
        Http.ok(ctx, o);
    }

    /** Atoll's own: every replica's point count and checksum of its (id, version) pairs, read from its node. */
    private void checksums(Context ctx) {
        Collection c = registry.get(ctx.pathParam("name"));
        ArrayNode out = F.arrayNode();
        for (ReplicaChecksum r : c.replicaChecksums()) {
            ObjectNode o = out.addObject().put("shard_id", r.shard()).put("peer_id", r.peer())
                    .put("state", r.state().apiName());
            if (r.digest() != null) {
                o.put("points_count", r.digest().points()).put("sha256", r.digest().sha256());
            } else {
                o.put("error", r.error());
            }
        }
        Http.ok(ctx, out);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private void removePeer(Context ctx) {
        long peer;
        try {
            peer = Long.parseLong(ctx.pathParam("peer_id"));
        } catch (NumberFormatException e) {
            throw AtollException.badRequest("Validation error in path parameters: [peer_id: must be a positive integer, got `"
                    + ctx.pathParam("peer_id") + "`]");
        }
        String force = ctx.queryParam("force");
        if (force != null && !force.equals("true") && !force.equals("false")) {
            throw AtollException.badRequest("Query deserialize error: `force` must be true or false, got `" + force + "`");
        }
        cluster.removePeer(peer, "true".equals(force));
        Http.ok(ctx, BooleanNode.TRUE);
    }

    private void collectionCluster(Context ctx) {
        Collection c = registry.get(ctx.pathParam("name"));
        CollectionMeta meta = c.meta();
        long self = cluster.self();
        ObjectNode o = F.objectNode();
        o.put("peer_id", self);
        o.put("shard_count", meta.shards().size());
        ArrayNode local = o.putArray("local_shards");
        ArrayNode remote = o.putArray("remote_shards");
        Map<Integer, Long> localPoints = c.localPointCounts();
        for (ShardInfo s : meta.shards().values()) {
            for (Map.Entry<Long, Replica> r : s.replicas().entrySet()) {
                ObjectNode shard = (r.getKey() == self ? local : remote).addObject().put("shard_id", s.id());
                if (s.key() != null) {
                    shard.set("shard_key", ShardKeyParser.json(s.key()));
                }
                if (r.getKey() == self) {
                    shard.put("points_count", localPoints.getOrDefault(s.id(), 0L));
                } else {
                    shard.put("peer_id", r.getKey());
                }
                shard.put("state", r.getValue().state().apiName()).put("primary", s.primary() == r.getKey())
                        .put("term", s.term());
            }
        }
        long now = System.currentTimeMillis();
        ArrayNode transfers = TransferJson.transfers(meta, now);
        transfers.addAll(ReshardingJson.migrations(meta, now));
        if (meta.resharding() != null) {
            o.set("resharding_operations", F.arrayNode().add(ReshardingJson.operation(meta.resharding(), now)));
        }
        o.set("shard_transfers", transfers);
        Http.ok(ctx, o);
    }

    /** Atoll's own: changes this node's transfer rate limit at run time (0: unlimited). */
    private void setTransferRate(Context ctx) {
        ObjectNode body = Http.body(ctx, false);
        JsonInput.allowOnly(body, "the request", java.util.Set.of("bytes_per_sec"));
        long rate = JsonInput.longValue(JsonInput.required(body, "bytes_per_sec"), "bytes_per_sec", 0, Long.MAX_VALUE);
        transferRate.set(rate);
        Http.ok(ctx, BooleanNode.TRUE);
    }
}
