package io.atoll.api.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.PeerInfo;
import io.atoll.collection.Collection;
import io.atoll.collection.CollectionRegistry;
import io.atoll.error.AtollException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What Weaviate's clients ask of a server besides replica movement: {@code /v1/meta} (a version they accept),
 * the liveness and readiness probes, and {@code /v1/nodes}, the cluster's nodes by name with their status and,
 * verbose, their shards and object counts.
 */
final class WeaviateRoutes {
    /**
     * The Weaviate version whose API Atoll serves: the TypeScript client needs 1.27 or later to connect, 1.32 has
     * every field of the operations, and the scale plan came with 1.35.
     */
    static final String WEAVIATE_VERSION = "1.35.0";
    /** The gRPC message limit Weaviate announces by default; clients size their channels by it. */
    private static final long GRPC_MAX_MESSAGE_SIZE = 104_858_000;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final NodeInfo node;
    private final CollectionRegistry registry;
    private final Supplier<ClusterImage> image;
    private final PeerProbe probe;
    private final BooleanSupplier ready;

    WeaviateRoutes(NodeInfo node, CollectionRegistry registry, Supplier<ClusterImage> image, PeerProbe probe,
                   BooleanSupplier ready) {
        this.node = node;
        this.registry = registry;
        this.image = image;
        this.probe = probe;
        this.ready = ready;
    }

    void register(RoutesConfig r) {
        r.get("/v1/meta", ctx -> WeaviateHttp.json(ctx, 200, F.objectNode()
                .put("hostname", "http://" + ctx.host()).put("version", WEAVIATE_VERSION)
                .put("grpcMaxMessageSize", GRPC_MAX_MESSAGE_SIZE).set("modules", F.objectNode())));
        r.get("/v1/.well-known/live", ctx -> ctx.status(200));
        r.get("/v1/.well-known/ready", ctx -> ctx.status(ready.getAsBoolean() ? 200 : 503));
        r.get("/v1/nodes", ctx -> nodes(ctx, null));
        r.get("/v1/nodes/{collection}", ctx -> nodes(ctx, ctx.pathParam("collection")));
    }

    private void nodes(Context ctx, String collection) {
        String output = ctx.queryParamAsClass("output", String.class).getOrDefault("minimal");
        if (!output.equals("minimal") && !output.equals("verbose")) {
            throw AtollException.unprocessable("invalid output: \"" + output
                    + "\", possible values are: \"minimal\", \"verbose\"");
        }
        List<Collection> collections = new ArrayList<>();
        if (collection != null) {
            if (!registry.names().contains(collection)) {
                throw AtollException.notFound("class \"" + collection + "\" not found");
            }
            collections.add(registry.get(collection));
        } else {
            collections.addAll(registry.all());
        }
        boolean verbose = output.equals("verbose");
        Map<String, Map<Integer, Map<Long, Long>>> counts = new TreeMap<>();
        if (verbose) {
            collections.forEach(c -> counts.put(c.name(), c.replicaPointCounts()));
        }
        ClusterImage img = image.get();
        List<PeerInfo> peers = new ArrayList<>(img.peers().values());
        peers.sort(java.util.Comparator.comparing(PeerInfo::name));
        ArrayNode list = F.arrayNode();
        for (PeerInfo p : peers) {
            ObjectNode n = list.addObject().put("name", p.name());
            boolean up = p.id() == node.peerId() || probe.answers(p.id());
            n.put("status", up ? "HEALTHY" : "UNAVAILABLE");
            if (!up) {
                n.putNull("shards");
                continue;
            }
            n.put("version", WEAVIATE_VERSION).put("gitHash", node.commit()).put("operationalMode", "ReadWrite");
            n.putObject("batchStats").put("queueLength", 0).put("ratePerSecond", 0);
            if (verbose) {
                shards(n, p.id(), collections, counts);
            } else {
                n.putNull("shards");
            }
        }
        ObjectNode o = F.objectNode();
        o.set("nodes", list);
        WeaviateHttp.json(ctx, 200, o);
    }

    private static void shards(ObjectNode n, long peer, List<Collection> collections,
                               Map<String, Map<Integer, Map<Long, Long>>> counts) {
        ArrayNode shards = F.arrayNode();
        long objects = 0;
        for (Collection c : collections) {
            var meta = c.meta();
            for (var s : meta.shards().values()) {
                if (!s.hasReplicaOn(peer)) {
                    continue;
                }
                long count = counts.get(c.name()).getOrDefault(s.id(), Map.of()).getOrDefault(peer, 0L);
                objects += count;
                shards.addObject().put("name", Integer.toString(s.id())).put("class", c.name())
                        .put("objectCount", count).put("vectorIndexingStatus", "READY").put("compressed", false)
                        .put("vectorQueueLength", 0).put("loaded", true).putNull("asyncReplicationStatus")
                        .put("numberOfReplicas", s.replicas().size())
                        .put("replicationFactor", meta.params().replicationFactor());
            }
        }
        n.putObject("stats").put("shardCount", shards.size()).put("objectCount", objects);
        n.set("shards", shards);
    }
}
