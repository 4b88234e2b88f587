package io.atoll.cluster.control.manage;

import io.atoll.cluster.control.loop.ControlView;
import io.atoll.cluster.control.loop.Decider;
import io.atoll.cluster.control.loop.Decision;
import io.atoll.cluster.control.loop.ReplicaCount;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.Replica;
import io.atoll.cluster.meta.ReplicaOrigin;
import io.atoll.cluster.meta.ReplicaState;
import io.atoll.cluster.meta.ReplicationOpType;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.cluster.meta.TransferMethod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Keeps every shard at its collection's replication factor. A shard short of replicas (the factor was raised, or a
 * node has been lost for longer than {@code replace_dead_after}) gets a copy from its primary on the node the
 * placement rules choose, as a replication operation the cluster starts; a shard with more (the factor was lowered,
 * or a lost node came back after its replicas were re-created) loses first its Dead replicas, then one in sync
 * at a time: taken out of the readers' routing first (retired), and removed once every live node has acted on
 * that. Never the primary; replicas on drained nodes first; replicas a user placed (pinned) are kept on top of the
 * factor, as the user asked for them. Only replicas in
 * sync on nodes that answer count as enough, so nothing is removed while a node that may hold the only current
 * copy is away; a retired replica that a failover made primary is brought back. Collections being resharded or
 * promoting a tenant are left to that, and collections sharded by key keep their keys' own placement.
 */
public final class ReplicationFactorDecider implements Decider {
    private final ManagementSettings settings;
    private final LongSupplier wallClockMillis;

    public ReplicationFactorDecider(ManagementSettings settings, LongSupplier wallClockMillis) {
        this.settings = settings;
        this.wallClockMillis = wallClockMillis;
    }

    @Override
    public String name() {
        return "replication factor";
    }

    @Override
    public List<Decision> decide(ControlView view) {
        List<Decision> out = new ArrayList<>();
        if (!settings.keepReplicationFactor()) {
            return out;
        }
        ClusterLoad load = new ClusterLoad(view, settings);
        for (CollectionMeta c : view.image().collections().values()) {
            if (!ReplicaCount.keptAtFactor(c)) {
                continue;
            }
            for (ShardInfo s : c.shards().values()) {
                Decision d = decide(load, c, s);
                if (d != null) {
                    out.add(d);
                }
            }
        }
        return out;
    }

    private Decision decide(ClusterLoad load, CollectionMeta c, ShardInfo s) {
        ControlView view = load.view;
        String shard = "shard " + c.name() + "/" + s.id();
        for (Map.Entry<Long, Replica> e : s.replicas().entrySet()) {
            // A retired replica that leads again (a failover elected it) serves the shard: it stays.
            if (e.getValue().leaving() && s.primary() == e.getKey() && !view.image().operationHolds(c.name(), s.id(), e.getKey())) {
                return new Decision(new MetadataRecord.RetireReplica(c.name(), s.id(), e.getKey(),
                        e.getValue().incarnation(), false), shard + ": its retired replica on peer " + e.getKey()
                        + " leads the shard again: it stays");
            }
        }
        ReplicaCount count = ReplicaCount.of(view, c, s);
        if (count.missing() > 0) {
            return add(load, c, s, count);
        }
        if (!count.enough()) {
            return null; // what is missing is being filled, recovered, or on a node that does not answer now
        }
        for (Map.Entry<Long, Replica> e : s.replicas().entrySet()) {
            long peer = e.getKey();
            Replica r = e.getValue();
            // Dead only: a Listener (or a state a user set) is not surplus, and a Dead replica holds nothing the
            // shard needs now that it has its factor in sync on nodes that answer.
            if (r.state() == ReplicaState.DEAD && s.transferTo(peer) == null && !view.image().operationHolds(c.name(), s.id(), peer)) {
                return new Decision(new MetadataRecord.RemoveReplica(c.name(), s.id(), peer, r.incarnation()),
                        shard + " has " + count.good() + " in-sync replicas for a replication factor of "
                                + count.factor() + ": its Dead replica on peer " + peer + " is not needed");
            }
            if (r.leaving() && s.primary() != peer && !view.image().operationHolds(c.name(), s.id(), peer)
                    && view.allLiveActedOn(view.image().appliedIndex())) {
                return new Decision(new MetadataRecord.DropRetired(c.name(), s.id(), peer, r.incarnation()), shard
                        + ": every live node has stopped reading its retired replica on peer " + peer + ": removing it");
            }
        }
        // A replica a user placed (Qdrant's replicate_shard, a Weaviate copy) is kept on top of the factor: the
        // user asked for it. Only the cluster's own replicas are trimmed (all of them with move_pinned).
        boolean movePinned = view.image().management().movePinned();
        long pinned = movePinned ? 0 : s.replicas().entrySet().stream().filter(e -> e.getValue().origin().pinned()
                && e.getValue().state().isInSync() && !e.getValue().leaving() && !load.down(e.getKey())).count();
        if (count.good() <= count.factor() + pinned || !s.transfers().isEmpty()
                || view.image().operationRunsOn(c.name(), s.id())) {
            return null;
        }
        Optional<Map.Entry<Long, Replica>> retire = s.replicas().entrySet().stream()
                .filter(e -> e.getValue().state().isInSync() && !e.getValue().leaving() && e.getKey() != s.primary()
                        && !load.down(e.getKey()) && !view.lost().contains(e.getKey())
                        && (movePinned || !e.getValue().origin().pinned()))
                .min(Comparator.<Map.Entry<Long, Replica>, Boolean>comparing(e -> !load.draining(e.getKey()))
                        .thenComparing(e -> -load.replicas.get(e.getKey()))
                        .thenComparing(e -> -e.getKey()));
        return retire.map(e -> new Decision(new MetadataRecord.RetireReplica(c.name(), s.id(), e.getKey(),
                e.getValue().incarnation(), true), shard + " has " + count.good() + " in-sync replicas for a "
                + "replication factor of " + count.factor() + ": retiring the one on peer " + e.getKey() + " ("
                + (load.draining(e.getKey()) ? "its node is being drained" : "its node holds "
                + load.replicas.get(e.getKey()) + " replicas") + ")")).orElse(null);
    }

    private Decision add(ClusterLoad load, CollectionMeta c, ShardInfo s, ReplicaCount count) {
        long source = s.primary();
        if (source == 0 || load.down(source) || !load.canSend(source)
                || load.image().operationRunsOn(c.name(), s.id())) {
            return null;
        }
        Optional<Long> target = PlacementRules.target(load, s);
        if (target.isEmpty()) {
            return null; // explain says why, node by node
        }
        load.planned(source, target.get(), false);
        return new Decision(new MetadataRecord.RegisterReplication(UUID.randomUUID().toString(), c.name(), s.id(),
                source, target.get(), ReplicationOpType.COPY, TransferMethod.SNAPSHOT, wallClockMillis.getAsLong(),
                ReplicaOrigin.REPLICATION_FACTOR), "shard " + c.name() + "/" + s.id() + " has " + count.good()
                + " in-sync replicas (" + count.coming() + " being filled, " + count.recovering() + " to recover"
                + lostNote(load, s) + ") for a replication factor of " + count.factor() + ": copying it from peer "
                + source + " to peer " + target.get());
    }

    private static String lostNote(ClusterLoad load, ShardInfo s) {
        List<Long> lost = s.replicas().keySet().stream().filter(load.view.lost()::contains).toList();
        return lost.isEmpty() ? "" : ", not counting the replicas on peers lost for longer than replace_dead_after: "
                + lost;
    }
}
