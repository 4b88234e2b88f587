package io.atoll.cluster.control;

import io.atoll.cluster.meta.ApplyResult;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.Promotion;
import io.atoll.cluster.meta.ReplicaState;
import io.atoll.error.AtollException;
import io.atoll.filter.Filter;
import io.atoll.point.ShardKey;
import io.atoll.transport.PeerTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Shard keys as the API asks for them (Qdrant's {@code create_sharding_key}, {@code drop_sharding_key} and
 * {@code replicate_points}, which moves a tenant from one key to another):
 * checked against the current metadata with Qdrant's messages, placed here, proposed through Raft, and returned
 * once every node has acted on them, so that the key takes writes through any node when the call returns.
 */
public final class ShardKeyController {
    private final long self;
    private final MetadataLog log;
    private final MetadataBarrier barrier;

    private final LongSupplier wallClockMillis;

    public ShardKeyController(long self, MetadataLog log, PeerTransport peers, LongSupplier wallClockMillis) {
        this.self = self;
        this.log = log;
        this.barrier = new MetadataBarrier(peers, Duration.ofSeconds(10));
        this.wallClockMillis = wallClockMillis;
    }

    /**
     * What a create names; null fields take Qdrant's defaults: the collection's shard_number, its replication
     * factor (1 when an initial state is given), any peers, and Active.
     */
    public record NewKey(ShardKey key, Integer shards, Integer replicationFactor, List<Long> placement,
                         ReplicaState initialState) {
    }

    private CollectionMeta collection(ClusterImage image, String name) {
        CollectionMeta c = image.collections().get(name);
        if (c == null) {
            throw AtollException.notFound("Collection `" + name + "` doesn't exist!");
        }
        return c;
    }

    public void create(String collection, NewKey k) {
        ClusterImage image = log.image();
        CollectionMeta c = collection(image, collection);
        if (!c.params().customSharding()) {
            throw bad("Shard Key cannot be created with Auto sharding method");
        }
        if (c.keys().contains(k.key())) {
            throw bad("Sharding key " + k.key() + " already exists for collection " + collection);
        }
        ReplicaState state = k.initialState() == null ? ReplicaState.ACTIVE : k.initialState();
        if (state != ReplicaState.ACTIVE && state != ReplicaState.PARTIAL) {
            throw bad("Initial state cannot be " + state.apiName() + ", only Active or Partial are allowed");
        }
        List<Long> candidates = new ArrayList<>(image.peers().keySet());
        if (k.placement() != null) {
            if (k.placement().isEmpty()) {
                throw bad("Sharding key " + k.key() + " placement cannot be empty. If you want to use random "
                        + "placement, do not specify placement");
            }
            for (long p : k.placement()) {
                if (!image.peers().containsKey(p)) {
                    throw bad("Peer " + p + " does not exist");
                }
            }
            candidates = k.placement().stream().distinct().toList();
        }
        int shards = k.shards() == null ? c.params().shardNumber() : k.shards();
        int rf = k.replicationFactor() != null ? k.replicationFactor()
                : k.initialState() != null ? 1 : Math.min(c.params().replicationFactor(), candidates.size());
        List<List<Long>> placement = new ArrayList<>(Placement.place(image, shards, rf, candidates).values());
        ApplyResult r = log.propose(new MetadataRecord.CreateShardKey(collection, k.key(), placement, state,
                k.placement() != null));
        if (!r.applied()) {
            throw bad(r.rejection().message());
        }
        barrier.await(r.image(), self, r.image().appliedIndex());
    }

    public void drop(String collection, ShardKey key) {
        CollectionMeta c = collection(log.image(), collection);
        if (!c.params().customSharding()) {
            // Qdrant answers a drop on an automatically sharded collection with its create message.
            throw bad("Shard Key cannot be created with Auto sharding method");
        }
        if (!c.keys().contains(key)) {
            throw bad("Sharding key " + key + " does not exist for collection " + collection);
        }
        ApplyResult r = log.propose(new MetadataRecord.DropShardKey(collection, key));
        if (!r.applied()) {
            throw bad(r.rejection().message());
        }
        barrier.await(r.image(), self, r.image().appliedIndex());
    }

    /**
     * Starts replicating the points of {@code from} matching {@code filter} to {@code to} (Qdrant's
     * {@code replicate_points}); the promotion decider drives it to its end. Returns its id.
     */
    public String replicatePoints(String collection, ShardKey from, ShardKey to, Filter filter) {
        CollectionMeta c = collection(log.image(), collection);
        if (from.equals(to)) {
            throw AtollException.unprocessable("Validation error in JSON body: [replicate_points.to_shard_key: "
                    + "must be different from from_shard_key]");
        }
        for (ShardKey k : List.of(from, to)) {
            if (!c.keys().contains(k)) {
                throw AtollException.badRequest("Wrong input: Shard key " + k + " does not exist for collection "
                        + collection);
            }
        }
        String uuid = UUID.randomUUID().toString();
        ApplyResult r = log.propose(new MetadataRecord.StartPromotion(collection, uuid, from, to,
                Promotion.encode(filter), wallClockMillis.getAsLong()));
        if (!r.applied()) {
            throw bad(r.rejection().message());
        }
        barrier.await(r.image(), self, r.image().appliedIndex());
        return uuid;
    }

    private static AtollException bad(String message) {
        return AtollException.badRequest("Bad request: " + message);
    }
}
