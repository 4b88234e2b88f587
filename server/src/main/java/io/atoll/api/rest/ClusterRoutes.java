package io.atoll.api.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.collection.Collection;
import io.atoll.collection.CollectionRegistry;
import io.atoll.shard.LocalShard;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Qdrant's cluster endpoints as a standalone node answers them: cluster status "disabled", every shard local and
 * Active, and cluster operations refused with 405 until the node runs in a cluster.
 */
final class ClusterRoutes {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final NodeInfo node;
    private final CollectionRegistry registry;

    ClusterRoutes(NodeInfo node, CollectionRegistry registry) {
        this.node = node;
        this.registry = registry;
    }

    void register(RoutesConfig r) {
        r.get("/cluster", ctx -> Http.ok(ctx, F.objectNode().put("status", "disabled")));
        r.delete("/cluster/peer/{peer_id}", ClusterRoutes::standalone);
        r.post("/cluster/recover", ClusterRoutes::standalone);
        r.get("/collections/{name}/cluster", this::collectionCluster);
        r.post("/collections/{name}/cluster", ctx -> {
            registry.get(ctx.pathParam("name"));
            standalone(ctx);
        });
    }

    private static void standalone(Context ctx) {
        Http.error(ctx, 405, "Distributed mode disabled: cluster operations are not available in standalone mode");
    }

    private void collectionCluster(Context ctx) {
        Collection c = registry.get(ctx.pathParam("name"));
        ObjectNode o = F.objectNode();
        o.put("peer_id", node.peerId());
        o.put("shard_count", c.shards().size());
        ArrayNode local = o.putArray("local_shards");
        for (LocalShard s : c.shards()) {
            long points;
            try {
                points = s.engine().stats().pointsCount();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            local.addObject().put("shard_id", s.shardId()).put("points_count", points).put("state", "Active");
        }
        o.putArray("remote_shards");
        o.putArray("shard_transfers");
        Http.ok(ctx, o);
    }
}
