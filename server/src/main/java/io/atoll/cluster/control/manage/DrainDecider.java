package io.atoll.cluster.control.manage;

import io.atoll.cluster.control.loop.ControlView;
import io.atoll.cluster.control.loop.Decider;
import io.atoll.cluster.control.loop.Decision;
import io.atoll.cluster.control.loop.ReplicaCount;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.Drain;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.Replica;
import io.atoll.cluster.meta.ReplicaOrigin;
import io.atoll.cluster.meta.ReplicaState;
import io.atoll.cluster.meta.ReplicationOpType;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.cluster.meta.TransferMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Empties the nodes being drained, a few transfers at a time within the per-node limits. An in-sync replica on a
 * node that answers is moved (a replication operation, MOVE: its primary hands over on the way, and the source
 * leaves only once its target holds every acknowledged write). A Dead replica holds nothing the shard needs: it
 * is removed once the shard has its replication factor in sync elsewhere, and copied from the primary first
 * otherwise. An in-sync replica on a node that does not answer waits for the failover to decide about it. When a replica cannot go anywhere (every other node holds one of
 * its shard, is down or is drained too) or its shard has no primary to copy from, the drain stops and records why,
 * rather than leave the shard with fewer replicas than it had; asking again continues.
 */
public final class DrainDecider implements Decider {
    private final ManagementSettings settings;
    private final LongSupplier wallClockMillis;

    public DrainDecider(ManagementSettings settings, LongSupplier wallClockMillis) {
        this.settings = settings;
        this.wallClockMillis = wallClockMillis;
    }

    @Override
    public String name() {
        return "drain";
    }

    @Override
    public List<Decision> decide(ControlView view) {
        List<Decision> out = new ArrayList<>();
        ClusterLoad load = new ClusterLoad(view, settings);
        for (Drain d : view.image().management().drains().values()) {
            if (d.stopped()) {
                continue;
            }
            for (CollectionMeta c : view.image().collections().values()) {
                for (ShardInfo s : c.shards().values()) {
                    Decision decision = decide(load, c, s, d.peer());
                    if (decision != null) {
                        out.add(decision);
                        if (decision.record() instanceof MetadataRecord.StopDrain) {
                            return out;
                        }
                    }
                }
            }
        }
        return out;
    }

    private Decision decide(ClusterLoad load, CollectionMeta c, ShardInfo s, long peer) {
        Replica r = s.replicas().get(peer);
        ControlView view = load.view;
        if (r == null || r.leaving() || c.resharding() != null || c.promotion() != null
                || s.transferTo(peer) != null || view.image().operationRunsOn(c.name(), s.id())) {
            return null; // not here, or wait: what runs on it now finishes or is abandoned first
        }
        String shard = "shard " + c.name() + "/" + s.id();
        if (r.state().isInSync() && load.down(peer)) {
            return null; // the failover decides about it first: it may hold writes the others lack
        }
        boolean live = r.state().isInSync();
        ReplicaCount elsewhere = ReplicaCount.of(view, c, s, peer);
        if (!live && r.state() == ReplicaState.DEAD && elsewhere.good() >= Math.max(1, elsewhere.factor())) {
            return new Decision(new MetadataRecord.RemoveReplica(c.name(), s.id(), peer, r.incarnation()),
                    "draining peer " + peer
                    + ": its Dead replica of " + shard + " is not needed, the shard has " + elsewhere.good()
                    + " in-sync replicas elsewhere");
        }
        long source = live ? peer : s.primary();
        if (source == 0) {
            return stop(peer, shard + " has no in-sync replica to copy its replica on peer " + peer + " from");
        }
        if (load.down(source)) {
            return null; // its primary is away for now: the failover or its return decides
        }
        if (!PlacementRules.anyCouldHold(load, s)) {
            return stop(peer, "no node can take the replica of " + shard + " on peer " + peer + " ("
                    + PlacementRules.whyNoNode(load, s) + "): add a node or lower the replication factor");
        }
        Optional<Long> target = PlacementRules.target(load, s);
        if (target.isEmpty() || !load.canSend(source)) {
            return null; // the limits: later
        }
        load.planned(source, target.get(), live);
        return new Decision(new MetadataRecord.RegisterReplication(UUID.randomUUID().toString(), c.name(), s.id(),
                source, target.get(), live ? ReplicationOpType.MOVE : ReplicationOpType.COPY, TransferMethod.SNAPSHOT,
                wallClockMillis.getAsLong(), ReplicaOrigin.DRAIN), "draining peer " + peer + ": "
                + (live ? "moving its replica of " + shard + (s.primary() == peer ? " (the primary)" : "")
                : "its replica of " + shard + " is " + r.state().apiName() + ": copying the shard from peer " + source)
                + " to peer " + target.get());
    }

    private Decision stop(long peer, String reason) {
        return new Decision(new MetadataRecord.StopDrain(peer, reason, wallClockMillis.getAsLong()),
                "the drain of peer " + peer + " stops: " + reason);
    }
}
