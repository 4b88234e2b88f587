package io.atoll.cluster.control.loop;

import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.Replica;
import io.atoll.cluster.meta.ReplicaState;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.cluster.meta.ShardTransfer;
import io.atoll.cluster.meta.TransferMethod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Brings Dead replicas back once their node answers: a {@code wal_delta} transfer from the shard's primary (which
 * falls back to a full copy when its log cannot serve the replica), within the per-node limits on automatic
 * transfers (incoming on the replica's node, outgoing on the primary's), as Qdrant counts them. A shard with no
 * primary has nothing to recover from; a replica already being filled is left to its transfer.
 */
public final class RecoveryDecider implements Decider {
    private final int incomingLimit;
    private final int outgoingLimit;
    private final LongSupplier wallClockMillis;
    private final boolean keepReplicationFactor;

    /**
     * {@code keepReplicationFactor}: a Dead replica of a shard that has its replication factor in sync elsewhere
     * is not recovered, as the replication-factor decider removes it.
     */
    public RecoveryDecider(int incomingLimit, int outgoingLimit, LongSupplier wallClockMillis,
                           boolean keepReplicationFactor) {
        this.incomingLimit = incomingLimit;
        this.outgoingLimit = outgoingLimit;
        this.wallClockMillis = wallClockMillis;
        this.keepReplicationFactor = keepReplicationFactor;
    }

    public RecoveryDecider(int incomingLimit, int outgoingLimit, LongSupplier wallClockMillis) {
        this(incomingLimit, outgoingLimit, wallClockMillis, false);
    }

    @Override
    public String name() {
        return "recovery";
    }

    @Override
    public List<Decision> decide(ControlView view) {
        ClusterImage image = view.image();
        Map<Long, Integer> incoming = new HashMap<>();
        Map<Long, Integer> outgoing = new HashMap<>();
        for (CollectionMeta c : image.collections().values()) {
            for (ShardInfo s : c.shards().values()) {
                for (ShardTransfer t : s.transfers().values()) {
                    if (t.automatic()) {
                        incoming.merge(t.to(), 1, Integer::sum);
                        outgoing.merge(t.from(), 1, Integer::sum);
                    }
                }
            }
        }
        List<Decision> out = new ArrayList<>();
        for (CollectionMeta c : image.collections().values()) {
            for (ShardInfo s : c.shards().values()) {
                long source = s.primary();
                if (source == 0 || view.down().contains(source) || s.transfers().values().stream()
                        .anyMatch(t -> t.involves(source))
                        || keepReplicationFactor && ReplicaCount.keptAtFactor(c)
                        && ReplicaCount.of(view, c, s).enough()) {
                    continue;
                }
                for (Map.Entry<Long, Replica> e : s.replicas().entrySet()) {
                    long peer = e.getKey();
                    if (e.getValue().state() != ReplicaState.DEAD || view.down().contains(peer)
                            || s.transfers().values().stream().anyMatch(t -> t.involves(peer))
                            || !image.peers().containsKey(peer)
                            || incoming.getOrDefault(peer, 0) >= incomingLimit
                            || outgoing.getOrDefault(source, 0) >= outgoingLimit) {
                        continue;
                    }
                    incoming.merge(peer, 1, Integer::sum);
                    outgoing.merge(source, 1, Integer::sum);
                    out.add(new Decision(new MetadataRecord.StartTransfer(c.name(), s.id(), source, peer,
                            TransferMethod.WAL_DELTA, false, true, wallClockMillis.getAsLong()),
                            "the Dead replica of shard " + c.name() + "/" + s.id() + " on peer " + peer
                                    + " answers again: recovering it from primary " + source + " by wal_delta"));
                    break; // one transfer per shard at a time: the next round takes the next replica
                }
            }
        }
        return out;
    }
}
