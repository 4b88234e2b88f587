package io.atoll.api.rest;

import io.atoll.security.Access;
import java.util.List;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.api.telemetry.RequestTelemetry;
import io.atoll.cluster.control.ClusterController;
import io.atoll.cluster.meta.RaftStatus;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.collection.Collection;
import io.atoll.collection.CollectionStats;
import io.atoll.collection.CollectionRegistry;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.function.BooleanSupplier;

/** The service endpoints: version, health probes, metrics and telemetry. */
final class ServiceRoutes {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final NodeInfo node;
    private final CollectionRegistry registry;
    private final ClusterController cluster;
    private final RestMetrics metrics;
    private final RequestTelemetry requests;
    private final BooleanSupplier ready;

    ServiceRoutes(NodeInfo node, CollectionRegistry registry, ClusterController cluster, RestMetrics metrics,
                  RequestTelemetry requests, BooleanSupplier ready) {
        this.node = node;
        this.registry = registry;
        this.cluster = cluster;
        this.metrics = metrics;
        this.requests = requests;
        this.ready = ready;
    }

    void register(RoutesConfig r) {
        r.get("/", this::root);
        r.get("/healthz", ctx -> text(ctx, 200, "healthz check passed"));
        r.get("/livez", ctx -> text(ctx, 200, "healthz check passed"));
        r.get("/readyz", ctx -> {
            if (ready.getAsBoolean()) {
                text(ctx, 200, "all shards are ready");
            } else {
                text(ctx, 503, "some shards are not ready");
            }
        });
        r.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        r.get("/telemetry", this::telemetry);
    }

    private static void text(Context ctx, int status, String body) {
        ctx.status(status).contentType("text/plain; charset=utf-8").result(body);
    }

    private void root(Context ctx) {
        ObjectNode o = F.objectNode();
        o.put("title", NodeInfo.TITLE);
        // Qdrant's clients compare "version" with their own and warn unless the minor versions are within one:
        // it names the Qdrant API Atoll serves; Atoll's own version and commit stand beside it.
        o.put("version", NodeInfo.QDRANT_API_VERSION);
        o.put("commit", node.commit());
        o.put("atoll_version", node.version());
        Http.write(ctx, 200, o);
    }

    /**
     * Qdrant's ReplicaSetTelemetry, one per shard: its replicas' states by peer, and the replicas on other peers
     * (this node's own one, if any, is the local shard).
     */
    private ArrayNode replicaSets(CollectionMeta meta) {
        ArrayNode shards = F.arrayNode();
        for (ShardInfo s : meta.shards().values()) {
            ObjectNode set = shards.addObject();
            set.put("id", s.id());
            if (s.key() != null) {
                set.set("key", ShardKeyParser.json(s.key()));
            }
            ArrayNode remote = set.putArray("remote");
            ObjectNode states = set.putObject("replicate_states");
            s.replicas().forEach((peer, replica) -> {
                states.put(Long.toString(peer), replica.state().apiName());
                if (peer != node.peerId()) {
                    remote.addObject().put("shard_id", s.id()).put("peer_id", peer);
                }
            });
        }
        return shards;
    }

    /** Qdrant's ClusterStatusTelemetry: this node's view of the Raft group. */
    private ObjectNode clusterStatus() {
        RaftStatus raft = cluster.status();
        ObjectNode status = F.objectNode();
        status.put("number_of_peers", cluster.image().peers().size());
        status.put("term", raft.term());
        status.put("commit", raft.commit());
        status.put("pending_operations", raft.pendingOperations());
        status.put("role", raft.role());
        status.put("is_voter", raft.isVoter());
        status.put("peer_id", cluster.self());
        status.set("consensus_thread_status", ClusterRoutes.consensusThread(raft));
        return status;
    }

    private void telemetry(Context ctx) {
        ObjectNode o = F.objectNode();
        o.put("id", Long.toString(node.peerId()));
        ObjectNode app = o.putObject("app");
        app.put("name", "atoll");
        app.put("version", node.version());
        app.put("startup", node.startedAt().toString());
        ObjectNode collections = o.putObject("collections");
        Access access = RestAuth.access(ctx);
        List<Collection> visible = registry.all().stream().filter(c -> access.sees(c.name())).toList();
        collections.put("number_of_collections", visible.size());
        var list = collections.putArray("collections");
        for (Collection c : visible) {
            CollectionStats s = c.stats();
            ObjectNode e = list.addObject();
            e.put("id", c.name());
            e.put("points_count", s.pointsCount());
            e.put("segments_count", s.segmentsCount());
            e.set("shards", replicaSets(c.meta()));
        }
        ObjectNode clusterInfo = o.putObject("cluster");
        clusterInfo.put("enabled", true);
        clusterInfo.set("status", clusterStatus());
        o.set("requests", requests.json());
        Http.ok(ctx, o);
    }
}
