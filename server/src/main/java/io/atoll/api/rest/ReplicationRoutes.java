package io.atoll.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.cluster.control.ReplicationController;
import io.atoll.cluster.control.ScalePlan;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.ReplicationOp;
import io.atoll.cluster.meta.ReplicationOpType;
import io.atoll.cluster.meta.TransferMethod;
import io.atoll.error.AtollException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Weaviate's replica-movement API ({@code /v1/replication}), with its shapes and status codes: register, read,
 * list, cancel and delete operations, force-delete, the sharding state, and the scale plan. Every change goes
 * through {@link ReplicationController}.
 */
final class ReplicationRoutes {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String BASE = "/v1/replication/replicate";

    private final ReplicationController control;

    ReplicationRoutes(ReplicationController control) {
        this.control = control;
    }

    void register(RoutesConfig r) {
        r.post(BASE, this::replicate);
        r.delete(BASE, ctx -> {
            control.deleteAll();
            WeaviateHttp.noContent(ctx);
        });
        // Weaviate serves the list on /list only; its TypeScript client asks the base path.
        r.get(BASE, this::list);
        r.get(BASE + "/list", this::list);
        r.post(BASE + "/force-delete", this::forceDelete);
        r.get(BASE + "/{id}", this::details);
        r.delete(BASE + "/{id}", ctx -> {
            control.delete(ctx.pathParam("id"));
            WeaviateHttp.noContent(ctx);
        });
        r.post(BASE + "/{id}/cancel", ctx -> {
            control.cancel(ctx.pathParam("id"));
            WeaviateHttp.noContent(ctx);
        });
        r.get("/v1/replication/sharding-state", this::shardingState);
        r.get("/v1/replication/scale", this::scalePlan);
        r.post("/v1/replication/scale", this::applyScalePlan);
    }

    private void replicate(Context ctx) {
        ObjectNode body = WeaviateHttp.body(ctx, Set.of("collection", "shard", "sourceNode", "targetNode", "type",
                "method"), false);
        String collection = WeaviateHttp.text(body, "collection");
        String shard = WeaviateHttp.text(body, "shard");
        String source = WeaviateHttp.text(body, "sourceNode");
        String target = WeaviateHttp.text(body, "targetNode");
        ReplicationOpType type = ReplicationOpType.valueOf(WeaviateHttp.oneOf(body, "type", Set.of("COPY", "MOVE"),
                "COPY"));
        // Atoll's own: how the replica is copied (snapshot unless asked).
        TransferMethod method = TransferMethod.byApiName(WeaviateHttp.oneOf(body, "method",
                Set.of("snapshot", "stream_records"), "snapshot"));
        String id = control.replicate(collection, shard, source, target, type, method);
        WeaviateHttp.json(ctx, 200, F.objectNode().put("id", id));
    }

    private void details(Context ctx) {
        boolean history = WeaviateHttp.boolParam(ctx, "includeHistory");
        ClusterImage image = control.image();
        ReplicationOp op = image.operations().get(ctx.pathParam("id"));
        if (op == null) {
            WeaviateHttp.notFound(ctx);
            return;
        }
        WeaviateHttp.json(ctx, 200, OperationJson.of(op, image, history, System.currentTimeMillis()));
    }

    private void list(Context ctx) {
        boolean history = WeaviateHttp.boolParam(ctx, "includeHistory");
        ClusterImage image = control.image();
        ArrayNode out = F.arrayNode();
        long now = System.currentTimeMillis();
        for (ReplicationOp op : control.list(WeaviateHttp.param(ctx, "collection"), WeaviateHttp.param(ctx, "shard"),
                WeaviateHttp.param(ctx, "targetNode"))) {
            out.add(OperationJson.of(op, image, history, now));
        }
        WeaviateHttp.json(ctx, 200, out);
    }

    private void forceDelete(Context ctx) {
        ObjectNode body = WeaviateHttp.body(ctx, Set.of("id", "collection", "shard", "node", "dryRun"), true);
        boolean dryRun = WeaviateHttp.optBool(body, "dryRun");
        List<String> ids = control.forceDelete(WeaviateHttp.optText(body, "id"),
                WeaviateHttp.optText(body, "collection"), WeaviateHttp.optText(body, "shard"),
                WeaviateHttp.optText(body, "node"), dryRun);
        ObjectNode o = F.objectNode();
        ArrayNode deleted = o.putArray("deleted");
        ids.forEach(deleted::add);
        o.put("dryRun", dryRun);
        WeaviateHttp.json(ctx, 200, o);
    }

    /**
     * Weaviate answers {@code {"shardingState": {...}}}; its TypeScript client hands the body back typed as the
     * inner object. Both are here, so code written for either works.
     */
    private void shardingState(Context ctx) {
        String collection = WeaviateHttp.param(ctx, "collection");
        if (collection == null) {
            throw AtollException.badRequest("collection is required");
        }
        Map<String, List<String>> shards;
        try {
            shards = control.shardingState(collection, WeaviateHttp.param(ctx, "shard"));
        } catch (AtollException e) {
            if (e.is(AtollException.Kind.NOT_FOUND)) {
                WeaviateHttp.notFound(ctx);
                return;
            }
            throw e;
        }
        ObjectNode state = F.objectNode().put("collection", collection);
        ArrayNode list = state.putArray("shards");
        shards.forEach((shard, nodes) -> {
            ArrayNode replicas = list.addObject().put("shard", shard).putArray("replicas");
            nodes.forEach(replicas::add);
        });
        ObjectNode o = F.objectNode();
        o.set("shardingState", state);
        o.setAll(state.deepCopy());
        WeaviateHttp.json(ctx, 200, o);
    }

    private void scalePlan(Context ctx) {
        String collection = WeaviateHttp.param(ctx, "collection");
        String factor = WeaviateHttp.param(ctx, "replicationFactor");
        if (collection == null || factor == null) {
            throw AtollException.unprocessable("collection and replicationFactor in query are required");
        }
        int n;
        try {
            n = Integer.parseInt(factor);
        } catch (NumberFormatException e) {
            throw AtollException.unprocessable("replicationFactor in query must be of type int64: \"" + factor + "\"");
        }
        ScalePlan plan;
        try {
            plan = control.scalePlan(collection, n);
        } catch (AtollException e) {
            if (e.is(AtollException.Kind.NOT_FOUND)) {
                WeaviateHttp.notFound(ctx);
                return;
            }
            throw e;
        }
        WeaviateHttp.json(ctx, 200, planJson(plan));
    }

    private static ObjectNode planJson(ScalePlan plan) {
        ObjectNode o = F.objectNode().put("planId", plan.planId()).put("collection", plan.collection());
        ObjectNode actions = o.putObject("shardScaleActions");
        plan.shards().forEach((shard, a) -> {
            ObjectNode s = actions.putObject(shard);
            ArrayNode remove = s.putArray("removeNodes");
            a.remove().forEach(remove::add);
            ObjectNode add = s.putObject("addNodes");
            a.add().forEach((target, source) -> {
                if (source == null) {
                    add.putNull(target);
                } else {
                    add.put(target, source);
                }
            });
        });
        return o;
    }

    private void applyScalePlan(Context ctx) {
        ObjectNode body = WeaviateHttp.body(ctx, Set.of("planId", "collection", "shardScaleActions"), false);
        String planId = WeaviateHttp.text(body, "planId");
        String collection = WeaviateHttp.text(body, "collection");
        JsonNode actions = body.get("shardScaleActions");
        if (actions == null || !actions.isObject()) {
            throw AtollException.unprocessable("shardScaleActions in body is required and must be an object");
        }
        TreeMap<String, ScalePlan.ShardActions> shards = new TreeMap<>();
        actions.fields().forEachRemaining(e -> shards.put(e.getKey(), shardActions(e.getKey(), e.getValue())));
        List<String> ids;
        try {
            ids = control.applyScalePlan(new ScalePlan(planId, collection, shards));
        } catch (AtollException e) {
            if (e.is(AtollException.Kind.NOT_FOUND)) {
                WeaviateHttp.notFound(ctx);
                return;
            }
            throw e;
        }
        ObjectNode o = F.objectNode();
        ArrayNode out = o.putArray("operationIds");
        ids.forEach(out::add);
        o.put("planId", planId).put("collection", collection);
        WeaviateHttp.json(ctx, 200, o);
    }

    private static ScalePlan.ShardActions shardActions(String shard, JsonNode n) {
        String where = "shardScaleActions." + shard;
        if (!n.isObject()) {
            throw AtollException.unprocessable(where + " must be an object");
        }
        List<String> remove = new ArrayList<>();
        JsonNode r = n.get("removeNodes");
        if (r != null && !r.isNull()) {
            if (!r.isArray()) {
                throw AtollException.unprocessable(where + ".removeNodes must be an array of node names");
            }
            r.forEach(node -> {
                if (!node.isTextual()) {
                    throw AtollException.unprocessable(where + ".removeNodes must hold node names");
                }
                remove.add(node.asText());
            });
        }
        Map<String, String> add = new TreeMap<>();
        JsonNode a = n.get("addNodes");
        if (a != null && !a.isNull()) {
            if (!a.isObject()) {
                throw AtollException.unprocessable(where + ".addNodes must map target nodes to source nodes");
            }
            a.fields().forEachRemaining(e -> {
                if (!e.getValue().isNull() && !e.getValue().isTextual()) {
                    throw AtollException.unprocessable(where + ".addNodes." + e.getKey()
                            + " must be a source node name or null");
                }
                if (remove.contains(e.getKey())) {
                    throw AtollException.unprocessable(where + ": node " + e.getKey() + " is both added and removed");
                }
                add.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
            });
        }
        return new ScalePlan.ShardActions(add, remove);
    }
}
