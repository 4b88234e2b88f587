package io.atoll.cluster.control;

import io.atoll.cluster.meta.ApplyResult;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.Resharding;
import io.atoll.cluster.meta.ReshardingDirection;
import io.atoll.cluster.meta.ReshardingStage;
import io.atoll.error.AtollException;
import io.atoll.point.ShardKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Resharding as the API asks for it (ARCHITECTURE.md section 8): start one (Atoll then drives it to the end, or
 * an operator steps it), abort it, or take a step. Each call is one record whose guards give Qdrant's refusals;
 * the migrations run on the shards' primaries and {@code ReshardingDecider} moves automatic ones on.
 */
public final class ReshardingController {
    private final MetadataLog log;
    private final LongSupplier wallClockMillis;

    public ReshardingController(MetadataLog log, LongSupplier wallClockMillis) {
        this.log = log;
        this.wallClockMillis = wallClockMillis;
    }

    /** The steps an operator may take, by Qdrant's operation names. */
    public enum Step {
        FINISH_MIGRATING_POINTS, COMMIT_READ_HASH_RING, COMMIT_WRITE_HASH_RING, FINISH_RESHARDING
    }

    private CollectionMeta collection(String name) {
        CollectionMeta c = log.image().collections().get(name);
        if (c == null) {
            throw AtollException.notFound("Collection `" + name + "` doesn't exist!");
        }
        return c;
    }

    private static void require(ApplyResult r) {
        if (!r.applied()) {
            throw AtollException.badRequest("Bad request: " + r.rejection().message());
        }
    }

    private Resharding running(String collection) {
        Resharding rs = collection(collection).resharding();
        if (rs == null) {
            throw AtollException.badRequest("Bad request: resharding is not in progress for collection "
                    + collection);
        }
        return rs;
    }

    /**
     * Starts resharding {@code collection}; with {@code auto} Atoll drives it to the end. Scaling up, the new shard
     * gets the collection's replication factor (as many peers as there are, at most): its first replica on
     * {@code peer} when given, the others on the peers holding the fewest replicas. Returns the resharding's id.
     */
    public String start(String collection, ReshardingDirection direction, Long peer, ShardKey shardKey, boolean auto) {
        CollectionMeta c = collection(collection);
        ClusterImage image = log.image();
        if (peer != null && !image.peers().containsKey(peer)) {
            throw AtollException.badRequest("Bad request: Peer " + peer + " does not exist");
        }
        List<Long> placement = direction == ReshardingDirection.UP
                ? placeNewShard(image, peer, Math.min(c.params().replicationFactor(), image.peers().size()))
                : List.of();
        String uuid = UUID.randomUUID().toString();
        require(log.propose(new MetadataRecord.StartResharding(collection, uuid, direction,
                peer == null ? 0 : peer, shardKey, placement, auto, wallClockMillis.getAsLong())));
        return uuid;
    }

    private static List<Long> placeNewShard(ClusterImage image, Long first, int replicas) {
        List<Long> out = new ArrayList<>();
        if (first != null) {
            out.add(first);
        }
        while (out.size() < replicas) {
            out.add(image.peers().keySet().stream().filter(p -> !out.contains(p))
                    .min(Comparator.<Long>comparingLong(image::replicasOn).thenComparingLong(p -> p)).orElseThrow());
        }
        return out;
    }

    /** Aborts the collection's resharding; refused once its read ring is committed. */
    public void abort(String collection) {
        Resharding rs = running(collection);
        require(log.propose(new MetadataRecord.AbortResharding(collection, rs.uuid(), "aborted by request")));
    }

    /**
     * Takes one step of the collection's resharding. Atoll's new replicas become Active with the read ring (its
     * migrations fill them through their primary, which keeps them in sync), so finishing the migration only
     * checks that every migration is synced.
     */
    public void step(String collection, Step step) {
        Resharding rs = running(collection);
        CollectionMeta c = collection(collection);
        long now = wallClockMillis.getAsLong();
        switch (step) {
            case FINISH_MIGRATING_POINTS -> {
                if (rs.stage() != ReshardingStage.MIGRATING_POINTS) {
                    throw AtollException.badRequest("Bad request: expected resharding stage MigratingPoints, but "
                            + "resharding is at stage " + rs.stage().apiName());
                }
                if (!rs.migrated(c)) {
                    throw AtollException.badRequest("Bad request: points are still being migrated: "
                            + rs.pointsCopied() + " of about " + rs.pointsTotal() + " copied");
                }
            }
            case COMMIT_READ_HASH_RING -> require(log.propose(new MetadataRecord.AdvanceResharding(collection,
                    rs.uuid(), ReshardingStage.MIGRATING_POINTS, now)));
            case COMMIT_WRITE_HASH_RING -> require(log.propose(new MetadataRecord.AdvanceResharding(collection,
                    rs.uuid(), ReshardingStage.READ_HASH_RING_COMMITTED, now)));
            case FINISH_RESHARDING -> require(log.propose(new MetadataRecord.FinishResharding(collection,
                    rs.uuid())));
        }
    }
}
