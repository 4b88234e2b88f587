package io.atoll.cluster.control.manage;

import io.atoll.cluster.control.loop.ControlView;
import io.atoll.cluster.control.loop.Decider;
import io.atoll.cluster.control.loop.Decision;
import io.atoll.cluster.control.loop.ReplicaCount;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.Drain;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.PeerInfo;
import io.atoll.cluster.meta.Replica;
import io.atoll.cluster.meta.ShardInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link ShardExplanation} from a view: the deciders that manage placement are asked what they would do
 * now (they are pure, so asking changes nothing), and the placement rules give their verdict on every node.
 */
public final class Explainer {
    private final ManagementSettings settings;
    private final List<Decider> deciders;

    /** {@code deciders}: those whose decisions about a shard the answer lists (replication factor, drain, rebalance). */
    public Explainer(ManagementSettings settings, List<Decider> deciders) {
        this.settings = settings;
        this.deciders = List.copyOf(deciders);
    }

    public ShardExplanation explain(ControlView view, String viewpoint, CollectionMeta c, ShardInfo s) {
        ClusterImage image = view.image();
        ClusterLoad load = new ClusterLoad(view, settings);
        List<Decision> planned = new ArrayList<>();
        for (Decider d : deciders) {
            d.decide(view).stream().filter(x -> concerns(x.record(), c.name(), s.id())).forEach(planned::add);
        }
        boolean rebalance = image.management().rebalanceEnabled(settings.rebalance());
        String waiting = rebalance ? RebalanceDecider.unsettled(view, settings) : "it is switched off";
        List<RebalancePlan.Move> moves = RebalancePlan.plan(load).stream()
                .filter(m -> m.collection().equals(c.name()) && m.shard() == s.id()).toList();
        List<ShardExplanation.ReplicaWhy> replicas = new ArrayList<>();
        for (Map.Entry<Long, Replica> e : s.replicas().entrySet()) {
            replicas.add(replica(view, image, s, e.getKey(), e.getValue(), moves, rebalance,
                    PlacementRules.canLeave(load, c.name(), s, e.getKey())));
        }
        List<ShardExplanation.NodeWhy> nodes = new ArrayList<>();
        for (PeerInfo p : image.peers().values()) {
            List<Verdict> verdicts = PlacementRules.canHold(load, s, p.id());
            String plan = planned.stream().filter(d -> targets(d.record(), p.id())).map(Decision::reason).findFirst()
                    .orElse(moves.stream().anyMatch(m -> m.to() == p.id())
                            ? "the rebalancer's plan moves a replica of this shard here" + (waiting == null ? ""
                            : " once the cluster settles (" + waiting + ")")
                            : nothingPlanned(s, p.id(), verdicts));
            nodes.add(new ShardExplanation.NodeWhy(p.id(), p.name(), s.hasReplicaOn(p.id()), load.replicas.get(p.id()),
                    load.primaries.get(p.id()), verdicts, plan));
        }
        ReplicaCount count = ReplicaCount.of(view, c, s);
        return new ShardExplanation(c.name(), s.id(), c.params().replicationFactor(), viewpoint,
                new ShardExplanation.Counts(count.good(), count.coming(), count.recovering()), replicas, nodes,
                planned.stream().map(Decision::reason).toList(), new ShardExplanation.Rebalancer(rebalance, waiting,
                moves.stream().map(m -> "from peer " + m.from() + " to peer " + m.to()).toList()));
    }

    private static ShardExplanation.ReplicaWhy replica(ControlView view, ClusterImage image, ShardInfo s, long peer,
                                                       Replica r, List<RebalancePlan.Move> moves, boolean rebalance,
                                                       List<Verdict> leaving) {
        Drain drain = image.management().drains().get(peer);
        boolean movedByPlan = moves.stream().anyMatch(m -> m.from() == peer);
        String outlook;
        boolean stays = false;
        if (drain != null) {
            outlook = drain.stopped() ? "its node is being drained, but the drain stopped: " + drain.stoppedReason()
                    : "its node is being drained: it will be moved off";
        } else if (view.lost().contains(peer)) {
            outlook = "its node has not answered for longer than replace_dead_after: it does not count for the "
                    + "replication factor, and is removed once the shard has its factor again";
        } else if (r.leaving()) {
            outlook = "it is leaving: it is above the replication factor or was moved, and is removed once every "
                    + "node has stopped reading it";
        } else if (!r.state().isInSync()) {
            outlook = "it is " + r.state().apiName() + ": it is recovered, or removed if the shard has its "
                    + "replication factor without it";
        } else if (movedByPlan) {
            outlook = "the rebalancer's plan moves it off this node, whose node holds more replicas than others";
        } else {
            stays = true;
            outlook = "it stays: its node answers and is not drained, it is in sync, and "
                    + (r.origin().pinned() && !image.management().movePinned()
                    ? "it is pinned (placed by a user), so the rebalancer leaves it"
                    : rebalance ? "the rebalancer plans no move of it" : "the rebalancer is off");
        }
        return new ShardExplanation.ReplicaWhy(peer, name(image, peer), r.state().apiName(), s.primary() == peer,
                r.origin().pinned(), r.leaving(), r.origin().name().toLowerCase(java.util.Locale.ROOT),
                r.origin().description(), stays, outlook, leaving);
    }

    private static String nothingPlanned(ShardInfo s, long peer, List<Verdict> verdicts) {
        List<String> no = verdicts.stream().filter(v -> !v.yes()).map(Verdict::reason).toList();
        if (s.hasReplicaOn(peer)) {
            return "it holds a replica of this shard";
        }
        return no.isEmpty() ? "nothing planned: it could take a replica, but the shard needs none and the rebalancer "
                + "plans no move here" : "it cannot take a replica now: " + String.join(", ", no);
    }

    private static boolean concerns(MetadataRecord r, String collection, int shard) {
        return switch (r) {
            case MetadataRecord.RegisterReplication x -> x.collection().equals(collection) && x.shard() == shard;
            case MetadataRecord.RemoveReplica x -> x.collection().equals(collection) && x.shard() == shard;
            case MetadataRecord.RetireReplica x -> x.collection().equals(collection) && x.shard() == shard;
            case MetadataRecord.StopDrain x -> x.reason().contains("shard " + collection + "/" + shard + " ");
            default -> false;
        };
    }

    private static boolean targets(MetadataRecord r, long peer) {
        return r instanceof MetadataRecord.RegisterReplication x && x.target() == peer;
    }

    private static String name(ClusterImage image, long peer) {
        PeerInfo p = image.peers().get(peer);
        return p == null ? Long.toString(peer) : p.name();
    }
}
