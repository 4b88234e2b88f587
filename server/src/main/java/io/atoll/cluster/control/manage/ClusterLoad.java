package io.atoll.cluster.control.manage;

import io.atoll.cluster.control.loop.ControlView;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.ReplicationOp;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.cluster.meta.ShardTransfer;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the placement rules weigh, counted once per round from a view: replicas and primaries per node, and the
 * automatic transfers each node receives and sends (running ones, and operations the cluster started that have
 * not started theirs yet). Decisions taken during the round are added with {@link #planned}, so that one round
 * does not overrun a node's limits. Not thread-safe: one round's.
 */
final class ClusterLoad {
    final ControlView view;
    final ManagementSettings settings;
    final Map<Long, Integer> replicas = new TreeMap<>();
    final Map<Long, Integer> primaries = new TreeMap<>();
    final Map<Long, Integer> incoming = new HashMap<>();
    final Map<Long, Integer> outgoing = new HashMap<>();

    ClusterLoad(ControlView view, ManagementSettings settings) {
        this.view = view;
        this.settings = settings;
        ClusterImage image = view.image();
        image.peers().keySet().forEach(p -> {
            replicas.put(p, 0);
            primaries.put(p, 0);
        });
        for (CollectionMeta c : image.collections().values()) {
            for (ShardInfo s : c.shards().values()) {
                s.replicas().keySet().forEach(p -> replicas.merge(p, 1, Integer::sum));
                if (s.primary() != 0) {
                    primaries.merge(s.primary(), 1, Integer::sum);
                }
                for (ShardTransfer t : s.transfers().values()) {
                    // A transfer into a node that does not answer sends nothing: it does not hold its source back.
                    if (t.automatic() && t.operation() == null && !view.down().contains(t.to())) {
                        incoming.merge(t.to(), 1, Integer::sum);
                        outgoing.merge(t.from(), 1, Integer::sum);
                    }
                }
            }
        }
        for (ReplicationOp op : image.operations().values()) {
            if (op.origin().automatic() && !op.state().finished() && !view.down().contains(op.target())) {
                incoming.merge(op.target(), 1, Integer::sum);
                outgoing.merge(op.source(), 1, Integer::sum);
            }
        }
    }

    ClusterImage image() {
        return view.image();
    }

    boolean down(long peer) {
        return view.down().contains(peer);
    }

    boolean draining(long peer) {
        return view.image().management().draining(peer);
    }

    /** A node new replicas may go to: it answers and is not being drained. */
    boolean eligible(long peer) {
        return !down(peer) && !draining(peer);
    }

    boolean canReceive(long peer) {
        return incoming.getOrDefault(peer, 0) < settings.incomingLimit();
    }

    boolean canSend(long peer) {
        return outgoing.getOrDefault(peer, 0) < settings.outgoingLimit();
    }

    /** Counts a transfer decided this round, from {@code source} to {@code target}. */
    void planned(long source, long target, boolean moves) {
        incoming.merge(target, 1, Integer::sum);
        outgoing.merge(source, 1, Integer::sum);
        replicas.merge(target, 1, Integer::sum);
        if (moves) {
            replicas.merge(source, -1, Integer::sum);
        }
    }
}
