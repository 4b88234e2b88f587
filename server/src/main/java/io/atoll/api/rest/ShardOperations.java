package io.atoll.api.rest;

import static io.atoll.api.rest.JsonInput.allowOnly;
import static io.atoll.api.rest.JsonInput.formatError;
import static io.atoll.api.rest.JsonInput.longValue;
import static io.atoll.api.rest.JsonInput.object;
import static io.atoll.api.rest.JsonInput.required;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.cluster.control.ReshardingController;
import io.atoll.cluster.control.ShardControl;
import io.atoll.cluster.control.ShardTransferController;
import io.atoll.cluster.meta.ReshardingDirection;
import io.atoll.cluster.meta.TransferMethod;
import io.atoll.collection.CollectionRegistry;
import io.atoll.error.AtollException;
import io.atoll.point.ShardKey;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Qdrant's collection cluster operations, one per request, in Qdrant's request shapes: shard transfers (move_shard,
 * replicate_shard, abort_transfer, restart_transfer, drop_replica), resharding (start_resharding, abort_resharding
 * and the steps) and shard keys (create_sharding_key, drop_sharding_key, replicate_points). REST's
 * {@code POST /collections/{name}/cluster} and gRPC's UpdateCollectionClusterSetup and shard-key calls all run
 * here. Stateless.
 */
public final class ShardOperations {
    private static final Set<String> TRANSFER_FIELDS = Set.of("shard_id", "from_peer_id", "to_peer_id", "method");
    private static final String OPERATIONS = "`move_shard`, `replicate_shard`, `abort_transfer`, "
            + "`restart_transfer`, `drop_replica`, `start_resharding`, `abort_resharding`, `create_sharding_key`, "
            + "`drop_sharding_key`, `replicate_points`";

    private final CollectionRegistry registry;
    private final ShardTransferController transfers;
    private final ReshardingController resharding;
    private final ShardKeyRoutes keys;

    public ShardOperations(CollectionRegistry registry, ShardControl shards) {
        this.registry = registry;
        this.transfers = shards.transfers();
        this.resharding = shards.resharding();
        this.keys = new ShardKeyRoutes(registry, shards.keys());
    }

    void handle(Context ctx) {
        apply(ctx.pathParam("name"), Http.body(ctx, false));
        Http.ok(ctx, BooleanNode.TRUE);
    }

    /** Runs the one operation {@code body} holds on the collection named (or aliased) {@code nameOrAlias}. */
    public void apply(String nameOrAlias, ObjectNode body) {
        String collection = registry.get(nameOrAlias).meta().name();
        if (body.size() != 1) {
            throw formatError("expected exactly one operation, one of " + OPERATIONS + ", got " + body.size());
        }
        String op = body.fieldNames().next();
        ObjectNode args = object(body.get(op), op);
        switch (op) {
            case "move_shard", "replicate_shard" -> {
                allowOnly(args, op, TRANSFER_FIELDS);
                // As in current Qdrant, a user's transfer ships a snapshot unless told otherwise.
                TransferMethod method = args.hasNonNull("method") ? method(args.get("method"))
                        : TransferMethod.SNAPSHOT;
                transfers.start(collection, shard(args), peer(args, "from_peer_id"), peer(args, "to_peer_id"),
                        method, op.equals("move_shard"));
            }
            case "abort_transfer" -> {
                allowOnly(args, op, TRANSFER_FIELDS);
                transfers.abort(collection, shard(args), peer(args, "from_peer_id"), peer(args, "to_peer_id"));
            }
            case "restart_transfer" -> {
                allowOnly(args, op, TRANSFER_FIELDS);
                transfers.restart(collection, shard(args), peer(args, "from_peer_id"), peer(args, "to_peer_id"),
                        method(required(args, "method")));
            }
            case "drop_replica" -> {
                allowOnly(args, op, Set.of("shard_id", "peer_id"));
                transfers.dropReplica(collection, shard(args), peer(args, "peer_id"));
            }
            case "start_resharding" -> {
                allowOnly(args, op, Set.of("direction", "peer_id", "shard_key", "auto"));
                ReshardingDirection direction = direction(required(args, "direction"));
                Long peer = args.hasNonNull("peer_id") ? peer(args, "peer_id") : null;
                ShardKey key = args.hasNonNull("shard_key") ? ShardKeyParser.key(args.get("shard_key"), "shard_key")
                        : null;
                // Atoll's own `auto` (default true): false leaves the steps to the operator, as Qdrant does.
                boolean auto = JsonInput.optBool(args, "auto", true);
                resharding.start(collection, direction, peer, key, auto);
            }
            case "create_sharding_key" -> keys.create(collection, args);
            case "replicate_points" -> keys.replicatePoints(collection, args);
            case "drop_sharding_key" -> keys.drop(collection, args);
            case "abort_resharding" -> {
                allowOnly(args, op, Set.of());
                resharding.abort(collection);
            }
            case "finish_migrating_points", "commit_read_hash_ring", "commit_write_hash_ring", "finish_resharding" -> {
                allowOnly(args, op, Set.of("shard_id", "peer_id"));
                resharding.step(collection, ReshardingController.Step.valueOf(op.toUpperCase(java.util.Locale.ROOT)));
            }
            default -> throw formatError("unknown operation `" + op + "`, expected one of " + OPERATIONS);
        }
    }

    private static int shard(ObjectNode args) {
        return (int) longValue(required(args, "shard_id"), "shard_id", 0, Integer.MAX_VALUE);
    }

    private static long peer(ObjectNode args, String field) {
        return longValue(required(args, field), field, 0, Long.MAX_VALUE);
    }

    private static ReshardingDirection direction(JsonNode n) {
        ReshardingDirection d = n.isTextual() ? ReshardingDirection.byApiName(n.asText()) : null;
        if (d == null) {
            throw formatError("unknown variant " + JsonInput.describe(n) + " for `direction`, expected one of `up`, "
                    + "`down`");
        }
        return d;
    }

    private static TransferMethod method(JsonNode n) {
        TransferMethod m = n.isTextual() ? TransferMethod.byApiName(n.asText()) : null;
        if (m == null) {
            throw formatError("unknown variant " + JsonInput.describe(n) + " for `method`, expected one of "
                    + Arrays.stream(TransferMethod.values()).map(v -> "`" + v.apiName() + "`").toList());
        }
        if (m == TransferMethod.RESHARDING_STREAM_RECORDS) {
            throw AtollException.badRequest("Bad request: `" + m.apiName() + "` transfers are started by "
                    + "`start_resharding`; move or copy a replica by `snapshot`, `stream_records` or `wal_delta`");
        }
        return m;
    }
}
