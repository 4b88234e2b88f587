package io.atoll.cluster.control.manage;

import io.atoll.cluster.control.MetadataLog;
import io.atoll.cluster.control.loop.ControlView;
import io.atoll.cluster.control.loop.ControllerLoop;
import io.atoll.cluster.meta.ApplyResult;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.Drain;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.Rejection;
import io.atoll.cluster.meta.ReplicaOrigin;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.error.AtollException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;

/**
 * The self-management calls of the API: drains, the rebalancer's switch and state, and explain. Each change is
 * one record; the leader's deciders do the work. Thread-safe.
 */
public final class ManagementController {
    private final MetadataLog log;
    private final ControllerLoop loop;
    private final Explainer explainer;
    private final ManagementSettings settings;
    private final LongPredicate answers;
    private final LongSupplier wallClockMillis;

    /** {@code answers}: whether a peer answers a ping now (this node's own view when it does not lead). */
    public ManagementController(MetadataLog log, ControllerLoop loop, ManagementSettings settings,
                                LongPredicate answers, LongSupplier wallClockMillis) {
        this.log = log;
        this.loop = loop;
        this.settings = settings;
        this.answers = answers;
        this.wallClockMillis = wallClockMillis;
        this.explainer = new Explainer(settings, loop.deciders().stream()
                .filter(d -> d instanceof ReplicationFactorDecider || d instanceof DrainDecider
                        || d instanceof RebalanceDecider).toList());
    }

    public DrainStatus drain(long peer) {
        commit(new MetadataRecord.StartDrain(peer, wallClockMillis.getAsLong()));
        return drainStatus(peer);
    }

    /** Ends the drain; a node not being drained is left as it is (cancelling twice is not an error). */
    public DrainStatus cancelDrain(long peer) {
        if (requirePeer(peer).management().draining(peer)) {
            ApplyResult a = log.propose(new MetadataRecord.CancelDrain(peer, wallClockMillis.getAsLong()));
            if (!a.applied() && !a.rejectedFor(Rejection.Reason.NOT_FOUND)) {
                throw AtollException.badRequest("Bad request: " + a.rejection().message());
            }
        }
        return drainStatus(peer);
    }

    public DrainStatus drainStatus(long peer) {
        ClusterImage image = requirePeer(peer);
        Drain d = image.management().drains().get(peer);
        long left = image.replicasOn(peer);
        List<String> ops = image.operations().values().stream()
                .filter(op -> op.origin() == ReplicaOrigin.DRAIN && !op.state().finished()
                        && (op.source() == peer || image.collections().containsKey(op.collection())
                        && shardOnPeer(image, op.collection(), op.shard(), peer)))
                .map(op -> op.id() + ": " + op.collection() + "/" + op.shard() + " " + op.type() + " to peer "
                        + op.target() + " " + op.state()).toList();
        String state = d == null ? "not_draining" : left == 0 ? "done" : d.stopped() ? "stopped" : "draining";
        return new DrainStatus(peer, state, d == null ? null : d.stoppedReason(), d == null ? 0 : d.requestedAtMillis(),
                left, ops);
    }

    public void setRebalance(Boolean enabled, Boolean movePinned) {
        commit(new MetadataRecord.SetRebalance(enabled, movePinned));
    }

    /** The rebalancer's state: on or off (and by what), what it waits for, and the moves it would make now. */
    public RebalanceStatus rebalance() {
        ControlView view = view();
        ClusterImage image = view.image();
        boolean enabled = image.management().rebalanceEnabled(settings.rebalance());
        ClusterLoad load = new ClusterLoad(view, settings);
        return new RebalanceStatus(enabled, image.management().rebalance() == null ? "configuration" : "runtime",
                image.management().movePinned(), enabled ? RebalanceDecider.unsettled(view, settings) : "it is switched off",
                RebalancePlan.plan(load).stream()
                        .map(m -> m.collection() + "/" + m.shard() + " from peer " + m.from() + " to peer " + m.to()
                                + (m.primary() ? " (primary)" : "")).toList(), load.replicas, load.primaries);
    }

    public ShardExplanation explain(String collection, int shard) {
        ControlView view = view();
        CollectionMeta c = view.image().collections().get(view.image().aliases().getOrDefault(collection, collection));
        if (c == null) {
            throw AtollException.notFound("Collection `" + collection + "` doesn't exist!");
        }
        ShardInfo s = c.shard(shard);
        if (s == null) {
            throw AtollException.notFound("Shard " + shard + " of collection `" + collection + "` does not exist");
        }
        return explainer.explain(view, loop.lastView() != null ? "the Raft leader's (this node)"
                : "this node's own pings (it is not the Raft leader, where the deciders run)", c, s);
    }

    /** The leader's last view, or one made of this node's image and its own pings. */
    private ControlView view() {
        ControlView last = loop.lastView();
        if (last != null) {
            return new ControlView(log.image(), last.down(), last.lost(), last.acted(), last.diskFree(),
                    last.positions());
        }
        ClusterImage image = log.image();
        Set<Long> down = new HashSet<>();
        image.peers().keySet().forEach(p -> {
            if (!answers.test(p)) {
                down.add(p);
            }
        });
        return new ControlView(image, down, Set.of(), Map.of(), (c, s, p) -> OptionalLong.empty());
    }

    private ClusterImage requirePeer(long peer) {
        ClusterImage image = log.image();
        if (!image.peers().containsKey(peer)) {
            throw AtollException.notFound("Peer " + peer + " does not exist");
        }
        return image;
    }

    private static boolean shardOnPeer(ClusterImage image, String collection, int shard, long peer) {
        ShardInfo s = image.collections().get(collection).shard(shard);
        return s != null && s.hasReplicaOn(peer);
    }

    private void commit(MetadataRecord r) {
        ApplyResult a = log.propose(r);
        if (a.applied()) {
            return;
        }
        throw a.rejectedFor(Rejection.Reason.NOT_FOUND) ? AtollException.notFound(a.rejection().message())
                : AtollException.badRequest("Bad request: " + a.rejection().message());
    }
}
