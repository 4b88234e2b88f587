package io.atoll.cluster.meta;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.atoll.point.ShardKey;
import io.atoll.schema.CollectionParams;
import java.util.List;
import java.util.Map;

/**
 * One change to the cluster metadata, as committed through Raft. Records carry every choice already made
 * (placements, terms, ids) so that applying them is deterministic on every node.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = MetadataRecord.AddPeer.class, name = "add_peer"),
        @JsonSubTypes.Type(value = MetadataRecord.RemovePeer.class, name = "remove_peer"),
        @JsonSubTypes.Type(value = MetadataRecord.CreateCollection.class, name = "create_collection"),
        @JsonSubTypes.Type(value = MetadataRecord.DropCollection.class, name = "drop_collection"),
        @JsonSubTypes.Type(value = MetadataRecord.UpdateCollectionParams.class, name = "update_collection_params"),
        @JsonSubTypes.Type(value = MetadataRecord.CreateAlias.class, name = "create_alias"),
        @JsonSubTypes.Type(value = MetadataRecord.DeleteAlias.class, name = "delete_alias"),
        @JsonSubTypes.Type(value = MetadataRecord.AddReplica.class, name = "add_replica"),
        @JsonSubTypes.Type(value = MetadataRecord.RemoveReplica.class, name = "remove_replica"),
        @JsonSubTypes.Type(value = MetadataRecord.SetReplicaState.class, name = "set_replica_state"),
        @JsonSubTypes.Type(value = MetadataRecord.ElectPrimary.class, name = "elect_primary"),
        @JsonSubTypes.Type(value = MetadataRecord.MarkReplicaDead.class, name = "mark_replica_dead"),
        @JsonSubTypes.Type(value = MetadataRecord.StartTransfer.class, name = "start_transfer"),
        @JsonSubTypes.Type(value = MetadataRecord.TransferProgressed.class, name = "transfer_progressed"),
        @JsonSubTypes.Type(value = MetadataRecord.FinishTransfer.class, name = "finish_transfer"),
        @JsonSubTypes.Type(value = MetadataRecord.AbortTransfer.class, name = "abort_transfer"),
        @JsonSubTypes.Type(value = MetadataRecord.RestartTransfer.class, name = "restart_transfer"),
        @JsonSubTypes.Type(value = MetadataRecord.Batch.class, name = "batch"),
        @JsonSubTypes.Type(value = MetadataRecord.RegisterReplication.class, name = "register_replication"),
        @JsonSubTypes.Type(value = MetadataRecord.AdvanceReplication.class, name = "advance_replication"),
        @JsonSubTypes.Type(value = MetadataRecord.CancelReplication.class, name = "cancel_replication"),
        @JsonSubTypes.Type(value = MetadataRecord.DeleteReplications.class, name = "delete_replications"),
        @JsonSubTypes.Type(value = MetadataRecord.StartResharding.class, name = "start_resharding"),
        @JsonSubTypes.Type(value = MetadataRecord.MigrationProgressed.class, name = "migration_progressed"),
        @JsonSubTypes.Type(value = MetadataRecord.AdvanceResharding.class, name = "advance_resharding"),
        @JsonSubTypes.Type(value = MetadataRecord.FinishResharding.class, name = "finish_resharding"),
        @JsonSubTypes.Type(value = MetadataRecord.AbortResharding.class, name = "abort_resharding"),
        @JsonSubTypes.Type(value = MetadataRecord.ShardCleaned.class, name = "shard_cleaned"),
        @JsonSubTypes.Type(value = MetadataRecord.CreateShardKey.class, name = "create_shard_key"),
        @JsonSubTypes.Type(value = MetadataRecord.DropShardKey.class, name = "drop_shard_key"),
        @JsonSubTypes.Type(value = MetadataRecord.StartPromotion.class, name = "start_promotion"),
        @JsonSubTypes.Type(value = MetadataRecord.SwitchPromotionReads.class, name = "switch_promotion_reads"),
        @JsonSubTypes.Type(value = MetadataRecord.FinishPromotion.class, name = "finish_promotion"),
        @JsonSubTypes.Type(value = MetadataRecord.AbortPromotion.class, name = "abort_promotion"),
        @JsonSubTypes.Type(value = MetadataRecord.SetRebalance.class, name = "set_rebalance"),
        @JsonSubTypes.Type(value = MetadataRecord.StartDrain.class, name = "start_drain"),
        @JsonSubTypes.Type(value = MetadataRecord.StopDrain.class, name = "stop_drain"),
        @JsonSubTypes.Type(value = MetadataRecord.CancelDrain.class, name = "cancel_drain"),
        @JsonSubTypes.Type(value = MetadataRecord.RetireReplica.class, name = "retire_replica"),
        @JsonSubTypes.Type(value = MetadataRecord.DropRetired.class, name = "drop_retired"),
        @JsonSubTypes.Type(value = MetadataRecord.RecreateShard.class, name = "recreate_shard"),
})
public sealed interface MetadataRecord {

    /** {@code name}: the node's configured name, null for its id in decimal; unique in the cluster. */
    record AddPeer(long peerId, String uri, String name) implements MetadataRecord {
        public AddPeer(long peerId, String uri) {
            this(peerId, uri, null);
        }
    }

    /** Without {@code force} a peer holding replicas stays; with it, its replicas leave the metadata too. */
    record RemovePeer(long peerId, boolean force) implements MetadataRecord {
    }

    /**
     * {@code placement}: for each shard its replicas' peers, the first being the primary. {@code uuid} tells this
     * collection apart from an earlier one of the same name.
     */
    record CreateCollection(String name, String uuid, CollectionParams params, Map<Integer, List<Long>> placement)
            implements MetadataRecord {
    }

    record DropCollection(String name) implements MetadataRecord {
    }

    /**
     * Replaces a collection's params, only if they are still {@code expected}: the new params were computed from
     * those, and applying them over a change committed meanwhile would undo it (a lost update).
     */
    record UpdateCollectionParams(String name, CollectionParams expected, CollectionParams params)
            implements MetadataRecord {
    }

    record CreateAlias(String alias, String collection) implements MetadataRecord {
    }

    record DeleteAlias(String alias) implements MetadataRecord {
    }

    /**
     * Adds a replica on {@code peer} in {@code state} (one that holds no data yet: a transfer target, a listener or
     * Dead). Its incarnation is the index this record commits at.
     */
    record AddReplica(String collection, int shard, long peer, ReplicaState state) implements MetadataRecord {
    }

    /**
     * Removes {@code peer}'s replica. A decider that found it Dead names that incarnation ({@code deadIncarnation},
     * 0 for a user's removal of whatever is there): its view may be older than the log, and a new replica on the
     * peer since then (a user's transfer target, a recovery) is not the one it found surplus. Records written before
     * the field existed read it as 0.
     */
    record RemoveReplica(String collection, int shard, long peer, long deadIncarnation) implements MetadataRecord {
        public RemoveReplica(String collection, int shard, long peer) {
            this(collection, shard, peer, 0);
        }
    }

    /**
     * A shard whose every replica was lost (their nodes removed by force) starts again, empty, as an Active
     * primary replica on {@code peer}, so that a snapshot can be recovered into it. Refused while the shard has
     * any replica: data that may still exist is never replaced by an empty shard.
     */
    record RecreateShard(String collection, int shard, long peer) implements MetadataRecord {
    }

    /** Applies only when the replica is in {@code expected} (when given): a guard against acting on stale views. */
    record SetReplicaState(String collection, int shard, long peer, ReplicaState state, ReplicaState expected)
            implements MetadataRecord {
    }

    /**
     * The primary of {@code term} reports that the replica on {@code peer}, incarnation {@code incarnation}, failed
     * to apply a write: it becomes Dead, so that the write can be acknowledged without it. Refused when the shard
     * has moved to another term (the reporter is no longer primary and must not acknowledge), or when that peer
     * now holds another incarnation (whose state the report says nothing about).
     */
    record MarkReplicaDead(String collection, int shard, long peer, long incarnation, long term)
            implements MetadataRecord {
    }

    /** Makes {@code peer} primary in {@code term}, which must be above the shard's current term. */
    record ElectPrimary(String collection, int shard, long peer, long term) implements MetadataRecord {
    }

    /**
     * Starts filling a replica of {@code shard} on {@code to} from the shard's primary. The replica on {@code from}
     * must be in sync. A method that starts empty puts a new incarnation on {@code to} (replacing a Dead one);
     * {@code wal_delta} takes the Dead replica there as it is. See {@link ShardTransfer}.
     */
    record StartTransfer(String collection, int shard, long from, long to, TransferMethod method, boolean move,
                         boolean automatic, long startedAtMillis) implements MetadataRecord {
    }

    /**
     * The driver's checkpoint: the copy into that incarnation durably reached {@code checkpoint}. {@code atMillis}
     * (the proposer's wall clock) dates what it changes in a replication operation.
     */
    record TransferProgressed(String collection, int shard, long to, long toIncarnation,
                              TransferCheckpoint checkpoint, long atMillis) implements MetadataRecord {
    }

    /**
     * The target holds every write the primary of {@code term} acknowledged, and the primary already waits for it
     * on every new one: it becomes Active (and a move's source leaves). Refused in another term, whose primary
     * never counted the target.
     */
    record FinishTransfer(String collection, int shard, long to, long toIncarnation, long term, long atMillis)
            implements MetadataRecord {
    }

    /** Ends the transfer into that incarnation: a copy's target becomes Dead, a move's is removed. */
    record AbortTransfer(String collection, int shard, long to, long toIncarnation, String reason, long atMillis)
            implements MetadataRecord {
    }

    /**
     * Starts the transfer into that incarnation again by {@code method}, from the start (a new incarnation when
     * the method starts empty): a user's restart, or {@code wal_delta} falling back when the log cannot serve.
     */
    record RestartTransfer(String collection, int shard, long to, long toIncarnation, TransferMethod method)
            implements MetadataRecord {
    }

    /** Several records applied all or nothing (e.g. a list of alias actions). */
    record Batch(List<MetadataRecord> records) implements MetadataRecord {
    }

    /**
     * Records a replication operation (Weaviate's replicate call, or one the cluster starts itself: {@code origin})
     * in REGISTERED, after the admission checks: the source holds the shard in sync, the target holds none, and no
     * running operation moves either replica.
     */
    record RegisterReplication(String id, String collection, int shard, long source, long target,
                               ReplicationOpType type, TransferMethod method, long atMillis, ReplicaOrigin origin)
            implements MetadataRecord {
        public RegisterReplication {
            origin = origin == null ? ReplicaOrigin.USER : origin;
        }

        public RegisterReplication(String id, String collection, int shard, long source, long target,
                                   ReplicationOpType type, TransferMethod method, long atMillis) {
            this(id, collection, shard, source, target, type, method, atMillis, ReplicaOrigin.USER);
        }
    }

    /**
     * Takes the operation's next step from state {@code from}: start (or start again) its transfer, or drop a
     * move's source. A step that cannot be taken records why on the operation (which cancels itself after too
     * many), so the record is applied either way unless the operation is gone or elsewhere.
     */
    record AdvanceReplication(String id, ReplicationOpState from, long atMillis) implements MetadataRecord {
    }

    /** Cancels a running operation before its target is Active: its transfer stops and the target is dropped. */
    record CancelReplication(String id, String reason, long atMillis) implements MetadataRecord {
    }

    /**
     * Deletes operations' records. Without {@code force}, a running one is cancelled first, and one that can no
     * longer be cancelled stays (the record is refused when nothing could be deleted). With it, the records go as
     * they are, with no cleanup (Weaviate's force-delete): a running transfer finishes as a plain copy.
     */
    record DeleteReplications(List<String> ids, boolean force, long atMillis) implements MetadataRecord {
    }

    /**
     * Starts resharding a collection. Scaling up, {@code placement} holds the new shard's peers (the first its
     * primary; the proposer chose them, honouring {@code peer} when given); scaling down it is empty.
     */
    record StartResharding(String collection, String uuid, ReshardingDirection direction, long peer, ShardKey shardKey,
                           List<Long> placement, boolean auto, long atMillis) implements MetadataRecord {
    }

    /**
     * The source's primary (in {@code term}) reports a migration's progress; {@code synced} when every point is
     * copied and its writes are forwarded, so that the target holds every write the source acknowledges.
     */
    record MigrationProgressed(String collection, String uuid, int from, int to, long term, long copied, long total,
                               boolean synced, String error) implements MetadataRecord {
    }

    /** Moves a resharding from stage {@code from} to the next one (commit the read ring, then the write ring). */
    record AdvanceResharding(String collection, String uuid, ReshardingStage from, long atMillis)
            implements MetadataRecord {
    }

    /** Ends a resharding whose write ring is committed: the rings become one, old shards are left to clean. */
    record FinishResharding(String collection, String uuid) implements MetadataRecord {
    }

    /** Stops a resharding before its read ring is committed; the new shard (up) is dropped. */
    record AbortResharding(String collection, String uuid, String reason) implements MetadataRecord {
    }

    /** A shard's primary deleted the points a finished resharding moved away from it. */
    record ShardCleaned(String collection, int shard) implements MetadataRecord {
    }

    /**
     * Creates a shard key's shards in a collection sharded by key: one per entry of {@code placement}, each its
     * replicas' peers (the first the primary), with ids after the collection's highest; replicas start in
     * {@code state}, Active or Partial (to be filled by {@code replicate_points}). {@code pinned}: the user named
     * the peers, so the rebalancer leaves the replicas there.
     */
    record CreateShardKey(String collection, ShardKey key, List<List<Long>> placement, ReplicaState state,
                          boolean pinned) implements MetadataRecord {
        public CreateShardKey(String collection, ShardKey key, List<List<Long>> placement, ReplicaState state) {
            this(collection, key, placement, state, false);
        }
    }

    /** Drops a shard key's shards with their points; a resharding of the key ends with them. */
    record DropShardKey(String collection, ShardKey key) implements MetadataRecord {
    }

    /**
     * Starts replicating the points of {@code fromKey}'s shard that match {@code filter} (encoded, see
     * {@link Promotion#encode}) to {@code toKey}'s shard (Qdrant's {@code replicate_points}).
     */
    record StartPromotion(String collection, String uuid, ShardKey fromKey, ShardKey toKey, String filter,
                          long atMillis) implements MetadataRecord {
    }

    /** Readers switch to a promotion's target, once its copy is synced in the source's current term. */
    record SwitchPromotionReads(String collection, String uuid, long atMillis) implements MetadataRecord {
    }

    /** Writers switch too: the target is Active and the promotion ends. */
    record FinishPromotion(String collection, String uuid) implements MetadataRecord {
    }

    /** Stops a promotion before readers switched; its target's replica is Dead. */
    record AbortPromotion(String collection, String uuid, String reason) implements MetadataRecord {
    }

    /** Switches the rebalancer at run time (null: unchanged), and whether it may move replicas a user placed. */
    record SetRebalance(Boolean enabled, Boolean movePinned) implements MetadataRecord {
    }

    /** Starts draining a node, or continues a drain that stopped. */
    record StartDrain(long peer, long atMillis) implements MetadataRecord {
    }

    /** The drain of {@code peer} cannot go on, for {@code reason}: it waits until asked again. */
    record StopDrain(long peer, String reason, long atMillis) implements MetadataRecord {
    }

    /** Ends a drain: the operations it started that can still be cancelled are. */
    record CancelDrain(long peer, long atMillis) implements MetadataRecord {
    }

    /**
     * Takes an in-sync replica above the replication factor out of the readers' routing ({@code leaving}), so that
     * it can be removed once every node has acted on that: it stays written meanwhile. With {@code retire} false
     * it brings a retired replica back (it leads the shard again after a failover, or the shard needs it).
     */
    record RetireReplica(String collection, int shard, long peer, long incarnation, boolean retire)
            implements MetadataRecord {
    }

    /**
     * Removes a retired replica once every node reads elsewhere: refused unless it is still that incarnation,
     * still leaving, not the primary and held by no running operation, so that a decision taken on an older image
     * can never remove a replica that leads or serves again.
     */
    record DropRetired(String collection, int shard, long peer, long incarnation) implements MetadataRecord {
    }
}
