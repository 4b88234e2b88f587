package io.atoll.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.cluster.control.manage.ManagementController;
import io.atoll.error.AtollException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Set;

/**
 * Atoll's own self-management endpoints: draining a node ({@code /cluster/peer/{id}/drain}), the rebalancer's
 * switch ({@code /cluster/rebalance}) and why a shard's replicas are where they are
 * ({@code /collections/{name}/cluster/explain?shard=S}). Answers in Qdrant's envelope, field names in snake case.
 */
final class ManagementRoutes {
    private static final ObjectMapper SNAKE = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    private final ManagementController control;

    ManagementRoutes(ManagementController control) {
        this.control = control;
    }

    void register(RoutesConfig r) {
        r.post("/cluster/peer/{peer_id}/drain", ctx -> Http.ok(ctx, json(control.drain(peer(ctx)))));
        r.get("/cluster/peer/{peer_id}/drain", ctx -> Http.ok(ctx, json(control.drainStatus(peer(ctx)))));
        r.delete("/cluster/peer/{peer_id}/drain", ctx -> Http.ok(ctx, json(control.cancelDrain(peer(ctx)))));
        r.get("/cluster/rebalance", ctx -> Http.ok(ctx, json(control.rebalance())));
        r.put("/cluster/rebalance", this::setRebalance);
        r.get("/collections/{name}/cluster/explain", this::explain);
    }

    private void setRebalance(Context ctx) {
        ObjectNode body = Http.body(ctx, false);
        JsonInput.allowOnly(body, "the request", Set.of("enabled", "move_pinned"));
        Boolean enabled = JsonInput.present(body, "enabled") ? JsonInput.boolValue(body.get("enabled"), "enabled") : null;
        Boolean pinned = JsonInput.present(body, "move_pinned")
                ? JsonInput.boolValue(body.get("move_pinned"), "move_pinned") : null;
        if (enabled == null && pinned == null) {
            throw JsonInput.validationError("Validation error in JSON body: give `enabled`, `move_pinned` or both");
        }
        control.setRebalance(enabled, pinned);
        Http.ok(ctx, json(control.rebalance()));
    }

    private void explain(Context ctx) {
        String shard = ctx.queryParam("shard");
        if (shard == null) {
            throw AtollException.badRequest("Query deserialize error: `shard` (a shard id) is required");
        }
        int id;
        try {
            id = Integer.parseInt(shard.trim());
        } catch (NumberFormatException e) {
            throw AtollException.badRequest("Query deserialize error: `shard` must be a shard id, got `" + shard + "`");
        }
        Http.ok(ctx, json(control.explain(ctx.pathParam("name"), id)));
    }

    private static long peer(Context ctx) {
        String p = ctx.pathParam("peer_id");
        try {
            long id = Long.parseLong(p);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw AtollException.badRequest("Validation error in path parameters: [peer_id: must be a positive integer, got `"
                + p + "`]");
    }

    private static JsonNode json(Object value) {
        return SNAKE.valueToTree(value);
    }
}
