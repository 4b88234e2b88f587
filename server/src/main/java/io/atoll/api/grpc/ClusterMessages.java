package io.atoll.api.grpc;

import static io.atoll.api.grpc.FilterMessages.shardKey;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.Replica;
import io.atoll.cluster.meta.Resharding;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.cluster.meta.ShardTransfer;
import io.atoll.collection.Collection;
import io.atoll.error.AtollException;
import io.qdrant.client.grpc.Collections;
import io.qdrant.client.grpc.Collections.CollectionClusterInfoResponse;
import io.qdrant.client.grpc.Collections.UpdateCollectionClusterSetupRequest;
import java.util.Map;

/**
 * Qdrant's collection cluster messages: setup requests as the REST operation bodies that {@code ShardOperations}
 * runs for both APIs, and the cluster info of a collection as this node sees it. Stateless.
 */
final class ClusterMessages {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ClusterMessages() {
    }

    /** The REST body of {@code POST /collections/{c}/cluster} that {@code r} stands for. */
    static ObjectNode setup(UpdateCollectionClusterSetupRequest r) {
        ObjectNode body = F.objectNode();
        switch (r.getOperationCase()) {
            case MOVE_SHARD -> {
                var m = r.getMoveShard();
                transfer(body.putObject("move_shard"), m.getShardId(), m.hasToShardId(), m.getFromPeerId(),
                        m.getToPeerId(), m.hasMethod(), m.getMethod());
            }
            case REPLICATE_SHARD -> {
                var m = r.getReplicateShard();
                transfer(body.putObject("replicate_shard"), m.getShardId(), m.hasToShardId(), m.getFromPeerId(),
                        m.getToPeerId(), m.hasMethod(), m.getMethod());
            }
            case ABORT_TRANSFER -> {
                var m = r.getAbortTransfer();
                transfer(body.putObject("abort_transfer"), m.getShardId(), m.hasToShardId(), m.getFromPeerId(),
                        m.getToPeerId(), false, null);
            }
            case RESTART_TRANSFER -> {
                var m = r.getRestartTransfer();
                transfer(body.putObject("restart_transfer"), m.getShardId(), m.hasToShardId(), m.getFromPeerId(),
                        m.getToPeerId(), true, m.getMethod());
            }
            case DROP_REPLICA -> body.putObject("drop_replica").put("shard_id", r.getDropReplica().getShardId())
                    .set("peer_id", FilterMessages.unsigned(r.getDropReplica().getPeerId()));
            case CREATE_SHARD_KEY -> body.set("create_sharding_key", createKey(r.getCreateShardKey()));
            case DELETE_SHARD_KEY -> body.putObject("drop_sharding_key").set("shard_key",
                    shardKey(r.getDeleteShardKey().getShardKey()));
            case REPLICATE_POINTS -> {
                var p = r.getReplicatePoints();
                ObjectNode o = body.putObject("replicate_points");
                o.set("from_shard_key", shardKey(p.getFromShardKey()));
                o.set("to_shard_key", shardKey(p.getToShardKey()));
                FilterMessages.filter(o, p.hasFilter(), p.getFilter());
            }
            case OPERATION_NOT_SET -> {
                // no operation: the REST parser names the ones it takes
            }
        }
        return body;
    }

    private static void transfer(ObjectNode o, int shard, boolean toShard, long from, long to, boolean hasMethod,
                                 Collections.ShardTransferMethod method) {
        PointMessages.refuse("to_shard_id", toShard);
        o.put("shard_id", Integer.toUnsignedLong(shard));
        o.set("from_peer_id", FilterMessages.unsigned(from));
        o.set("to_peer_id", FilterMessages.unsigned(to));
        if (hasMethod) {
            o.put("method", switch (method) {
                case StreamRecords -> "stream_records";
                case Snapshot -> "snapshot";
                case WalDelta -> "wal_delta";
                case ReshardingStreamRecords -> "resharding_stream_records";
                case UNRECOGNIZED -> throw AtollException.badRequest("Bad request: unknown shard transfer method");
            });
        }
    }

    /** The REST body of {@code create_sharding_key}. */
    static ObjectNode createKey(Collections.CreateShardKey k) {
        ObjectNode o = F.objectNode();
        o.set("shard_key", shardKey(k.getShardKey()));
        if (k.hasShardsNumber()) {
            o.put("shards_number", Integer.toUnsignedLong(k.getShardsNumber()));
        }
        if (k.hasReplicationFactor()) {
            o.put("replication_factor", Integer.toUnsignedLong(k.getReplicationFactor()));
        }
        if (k.getPlacementCount() > 0) {
            ArrayNode placement = o.putArray("placement");
            k.getPlacementList().forEach(p -> placement.add(FilterMessages.unsigned(p)));
        }
        if (k.hasInitialState()) {
            o.put("initial_state", k.getInitialState().name());
        }
        return o;
    }

    /** GET /collections/{c}/cluster as Qdrant's message: this node's replicas, the others', transfers, resharding. */
    static CollectionClusterInfoResponse info(Collection c, long self) {
        CollectionMeta meta = c.meta();
        CollectionClusterInfoResponse.Builder b = CollectionClusterInfoResponse.newBuilder().setPeerId(self)
                .setShardCount(meta.shards().size());
        Map<Integer, Long> localPoints = c.localPointCounts();
        for (ShardInfo s : meta.shards().values()) {
            for (Map.Entry<Long, Replica> r : s.replicas().entrySet()) {
                Collections.ReplicaState state = state(r.getValue());
                if (r.getKey() == self) {
                    Collections.LocalShardInfo.Builder local = Collections.LocalShardInfo.newBuilder()
                            .setShardId(s.id()).setPointsCount(localPoints.getOrDefault(s.id(), 0L)).setState(state);
                    if (s.key() != null) {
                        local.setShardKey(PointMessages.shardKey(s.key()));
                    }
                    b.addLocalShards(local);
                } else {
                    Collections.RemoteShardInfo.Builder remote = Collections.RemoteShardInfo.newBuilder()
                            .setShardId(s.id()).setPeerId(r.getKey()).setState(state);
                    if (s.key() != null) {
                        remote.setShardKey(PointMessages.shardKey(s.key()));
                    }
                    b.addRemoteShards(remote);
                }
            }
            for (ShardTransfer t : s.transfers().values()) {
                b.addShardTransfers(Collections.ShardTransferInfo.newBuilder().setShardId(t.shard()).setFrom(t.from())
                        .setTo(t.to()).setSync(!t.move()));
            }
        }
        Resharding rs = meta.resharding();
        if (rs != null) {
            Collections.ReshardingInfo.Builder info = Collections.ReshardingInfo.newBuilder().setShardId(rs.shardId())
                    .setPeerId(rs.peer()).setDirection(Collections.ReshardingDirection.valueOf(
                            rs.direction().apiName().equals("up") ? "Up" : "Down"));
            if (rs.shardKey() != null) {
                info.setShardKey(PointMessages.shardKey(rs.shardKey()));
            }
            b.addReshardingOperations(info);
        }
        return b.build();
    }

    /** Qdrant's enum names are the REST names (Active, PartialSnapshot, ActiveRead...). */
    private static Collections.ReplicaState state(Replica r) {
        return Collections.ReplicaState.valueOf(r.state().apiName());
    }
}
