package io.atoll.api.rest;

import static io.atoll.api.rest.JsonInput.allowOnly;
import static io.atoll.api.rest.JsonInput.formatError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.cluster.control.ShardKeyController;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.ReplicaState;
import io.atoll.collection.CollectionRegistry;
import io.atoll.point.ShardKey;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Qdrant's shard-key endpoints: {@code PUT /collections/{c}/shards} (create a key),
 * {@code POST /collections/{c}/shards/delete} (drop one) and {@code GET /collections/{c}/shards} (list them), and
 * the same create and drop as {@code create_sharding_key} and {@code drop_sharding_key} cluster operations.
 */
final class ShardKeyRoutes {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> CREATE_FIELDS = Set.of("shard_key", "shards_number", "shard_number",
            "replication_factor", "placement", "initial_state");

    private final CollectionRegistry registry;
    private final ShardKeyController keys;

    ShardKeyRoutes(CollectionRegistry registry, ShardKeyController keys) {
        this.registry = registry;
        this.keys = keys;
    }

    void register(RoutesConfig r) {
        r.put("/collections/{name}/shards", ctx -> {
            create(collection(ctx), Http.body(ctx, false));
            Http.ok(ctx, BooleanNode.TRUE);
        });
        r.post("/collections/{name}/shards/delete", ctx -> {
            drop(collection(ctx), Http.body(ctx, false));
            Http.ok(ctx, BooleanNode.TRUE);
        });
        r.get("/collections/{name}/shards", this::list);
    }

    private String collection(Context ctx) {
        return registry.get(ctx.pathParam("name")).meta().name();
    }

    void create(String collection, ObjectNode args) {
        allowOnly(args, "create_sharding_key", CREATE_FIELDS);
        ShardKey key = ShardKeyParser.key(JsonInput.required(args, "shard_key"), "shard_key");
        Integer shards = JsonInput.optInteger(args, args.has("shards_number") ? "shards_number" : "shard_number", 1,
                1024);
        Integer rf = JsonInput.optInteger(args, "replication_factor", 1, 64);
        List<Long> placement = null;
        JsonNode p = args.get("placement");
        if (p != null && !p.isNull()) {
            if (!p.isArray()) {
                throw formatError("`placement` must be a list of peer ids, got " + JsonInput.describe(p));
            }
            placement = new ArrayList<>();
            for (JsonNode peer : p) {
                placement.add(JsonInput.longValue(peer, "placement[]", 0, Long.MAX_VALUE));
            }
        }
        ReplicaState state = null;
        JsonNode s = args.get("initial_state");
        if (s != null && !s.isNull()) {
            state = Arrays.stream(ReplicaState.values()).filter(v -> s.isTextual() && v.apiName().equals(s.asText()))
                    .findFirst().orElseThrow(() -> formatError("`initial_state` must be a replica state, one of "
                            + Arrays.stream(ReplicaState.values()).map(ReplicaState::apiName).toList() + ", got "
                            + JsonInput.describe(s)));
        }
        keys.create(collection, new ShardKeyController.NewKey(key, shards, rf, placement, state));
    }

    void drop(String collection, ObjectNode args) {
        allowOnly(args, "drop_sharding_key", Set.of("shard_key"));
        keys.drop(collection, ShardKeyParser.key(JsonInput.required(args, "shard_key"), "shard_key"));
    }

    /** {@code replicate_points}: {@code from_shard_key}, {@code to_shard_key} and an optional filter. */
    void replicatePoints(String collection, ObjectNode args) {
        allowOnly(args, "replicate_points", Set.of("from_shard_key", "to_shard_key", "filter"));
        keys.replicatePoints(collection,
                ShardKeyParser.key(JsonInput.required(args, "from_shard_key"), "from_shard_key"),
                ShardKeyParser.key(JsonInput.required(args, "to_shard_key"), "to_shard_key"),
                FilterParser.orEmpty(args.get("filter")));
    }

    /** Qdrant 1.17's shape: {@code {"shard_keys": [{"key": k}, ...]}}, without the field when sharded automatically. */
    private void list(Context ctx) {
        CollectionMeta c = registry.get(ctx.pathParam("name")).meta();
        ObjectNode o = F.objectNode();
        if (c.params().customSharding()) {
            ArrayNode a = o.putArray("shard_keys");
            c.keys().forEach(k -> a.addObject().set("key", ShardKeyParser.json(k)));
        }
        Http.ok(ctx, o);
    }
}
