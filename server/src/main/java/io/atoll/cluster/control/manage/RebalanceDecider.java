package io.atoll.cluster.control.manage;

import io.atoll.cluster.control.loop.ControlView;
import io.atoll.cluster.control.loop.Decider;
import io.atoll.cluster.control.loop.Decision;
import io.atoll.cluster.control.loop.ReplicaCount;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.Drain;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.Replica;
import io.atoll.cluster.meta.ReplicaOrigin;
import io.atoll.cluster.meta.ReplicationOp;
import io.atoll.cluster.meta.ReplicationOpType;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.cluster.meta.TransferMethod;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Spreads replicas evenly when the cluster is settled: every node answers, no transfer, operation, drain,
 * resharding or tenant promotion runs, and every replica is in sync. Then it starts the first moves of a
 * {@link RebalancePlan}, each node in at most one and within the transfer limits, and waits for them before
 * planning again: a plan made on a moving cluster would chase its own transfers. On unless switched off in the
 * configuration ({@code cluster.rebalance}) or at run time ({@code PUT /cluster/rebalance}).
 */
public final class RebalanceDecider implements Decider {
    private final ManagementSettings settings;
    private final LongSupplier wallClockMillis;

    public RebalanceDecider(ManagementSettings settings, LongSupplier wallClockMillis) {
        this.settings = settings;
        this.wallClockMillis = wallClockMillis;
    }

    @Override
    public String name() {
        return "rebalance";
    }

    public ManagementSettings settings() {
        return settings;
    }

    @Override
    public List<Decision> decide(ControlView view) {
        List<Decision> out = new ArrayList<>();
        ClusterImage image = view.image();
        if (!image.management().rebalanceEnabled(settings.rebalance()) || unsettled(view, settings) != null) {
            return out;
        }
        ClusterLoad load = new ClusterLoad(view, settings);
        Set<Long> busy = new HashSet<>();
        for (RebalancePlan.Move m : RebalancePlan.plan(load)) {
            if (busy.contains(m.from()) || busy.contains(m.to()) || !load.canSend(m.from()) || !load.canReceive(m.to())) {
                continue;
            }
            busy.add(m.from());
            busy.add(m.to());
            load.planned(m.from(), m.to(), true);
            out.add(new Decision(new MetadataRecord.RegisterReplication(UUID.randomUUID().toString(), m.collection(),
                    m.shard(), m.from(), m.to(), ReplicationOpType.MOVE, TransferMethod.SNAPSHOT,
                    wallClockMillis.getAsLong(), ReplicaOrigin.REBALANCE), "rebalancing: moving the replica of shard "
                    + m.collection() + "/" + m.shard() + (m.primary() ? " (the primary)" : "") + " from peer " + m.from()
                    + " (" + load.replicas.get(m.from()) + " replicas before this round) to peer " + m.to()));
        }
        return out;
    }

    /**
     * Why the rebalancer waits now, or null when the cluster is settled. With the factor kept, a shard above it,
     * or below it with a node that could take a replica, is not settled: the factor's decider acts first.
     */
    public static String unsettled(ControlView view, ManagementSettings settings) {
        ClusterImage image = view.image();
        if (!view.down().isEmpty()) {
            return "peers " + view.down() + " do not answer";
        }
        for (ReplicationOp op : image.operations().values()) {
            if (!op.state().finished()) {
                return "replication operation " + op.id() + " runs";
            }
        }
        for (Drain d : image.management().drains().values()) {
            if (!d.stopped() && image.replicasOn(d.peer()) > 0) {
                return "peer " + d.peer() + " is being drained";
            }
        }
        for (CollectionMeta c : image.collections().values()) {
            if (c.resharding() != null || c.promotion() != null) {
                return "collection " + c.name() + " is being resharded";
            }
            for (ShardInfo s : c.shards().values()) {
                ReplicaCount count = ReplicaCount.of(view, c, s);
                if (settings.keepReplicationFactor() && ReplicaCount.keptAtFactor(c) && (count.good() > count.factor() || count.missing() > 0
                        && PlacementRules.target(new ClusterLoad(view, settings), s).isPresent())) {
                    return "shard " + c.name() + "/" + s.id() + " has " + count.good() + " in-sync replicas for a "
                            + "replication factor of " + count.factor();
                }
                if (!s.transfers().isEmpty()) {
                    return "a transfer of shard " + c.name() + "/" + s.id() + " runs";
                }
                for (Map.Entry<Long, Replica> e : s.replicas().entrySet()) {
                    if (!e.getValue().state().isInSync() || e.getValue().leaving()) {
                        return "the replica of shard " + c.name() + "/" + s.id() + " on peer " + e.getKey() + " is "
                                + (e.getValue().leaving() ? "leaving" : e.getValue().state().apiName());
                    }
                }
            }
        }
        return null;
    }
}
