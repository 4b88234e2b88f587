package io.atoll.api.rest;

import static io.atoll.api.rest.JsonInput.allowOnly;
import static io.atoll.api.rest.JsonInput.formatError;
import static io.atoll.api.rest.JsonInput.longValue;
import static io.atoll.api.rest.JsonInput.object;
import static io.atoll.api.rest.JsonInput.required;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.cluster.control.ShardTransferController;
import io.atoll.cluster.meta.TransferMethod;
import io.atoll.collection.CollectionRegistry;
import io.atoll.error.AtollException;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /collections/{name}/cluster}: Qdrant's shard operations, one per request, in Qdrant's request shapes
 * (move_shard, replicate_shard, abort_transfer, restart_transfer, drop_replica). Resharding and shard keys are
 * named and refused until they exist.
 */
final class ShardOperationRoutes {
    private static final Set<String> TRANSFER_FIELDS = Set.of("shard_id", "from_peer_id", "to_peer_id", "method");
    private static final List<String> NOT_YET = List.of("create_sharding_key", "drop_sharding_key",
            "start_resharding", "abort_resharding", "finish_migrating_points", "commit_read_hash_ring",
            "commit_write_hash_ring", "finish_resharding", "replicate_points");

    private final CollectionRegistry registry;
    private final ShardTransferController transfers;

    ShardOperationRoutes(CollectionRegistry registry, ShardTransferController transfers) {
        this.registry = registry;
        this.transfers = transfers;
    }

    void handle(Context ctx) {
        String collection = registry.get(ctx.pathParam("name")).meta().name();
        ObjectNode body = Http.body(ctx, false);
        if (body.size() != 1) {
            throw formatError("expected exactly one operation, one of `move_shard`, `replicate_shard`, "
                    + "`abort_transfer`, `restart_transfer`, `drop_replica`, got " + body.size());
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
            default -> {
                if (NOT_YET.contains(op)) {
                    throw AtollException.badRequest("Bad request: `" + op + "` is not supported yet");
                }
                throw formatError("unknown operation `" + op + "`, expected one of `move_shard`, `replicate_shard`, "
                        + "`abort_transfer`, `restart_transfer`, `drop_replica`");
            }
        }
        Http.ok(ctx, BooleanNode.TRUE);
    }

    private static int shard(ObjectNode args) {
        return (int) longValue(required(args, "shard_id"), "shard_id", 0, Integer.MAX_VALUE);
    }

    private static long peer(ObjectNode args, String field) {
        return longValue(required(args, field), field, 0, Long.MAX_VALUE);
    }

    private static TransferMethod method(JsonNode n) {
        TransferMethod m = n.isTextual() ? TransferMethod.byApiName(n.asText()) : null;
        if (m == null) {
            throw formatError("unknown variant " + JsonInput.describe(n) + " for `method`, expected one of "
                    + Arrays.stream(TransferMethod.values()).map(v -> "`" + v.apiName() + "`").toList());
        }
        if (m == TransferMethod.RESHARDING_STREAM_RECORDS) {
            throw AtollException.badRequest("Bad request: the `" + m.apiName() + "` transfer method is not supported "
                    + "yet; use `snapshot`, `stream_records` or `wal_delta`");
        }
        return m;
    }
}
