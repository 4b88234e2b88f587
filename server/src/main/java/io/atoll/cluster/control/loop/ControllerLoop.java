package io.atoll.cluster.control.loop;

import io.atoll.cluster.control.MetadataLog;
import io.atoll.cluster.meta.ApplyResult;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.error.AtollException;
import io.atoll.transport.PeerTransport;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the deciders on the Raft leader: each round it observes liveness, shows every decider the same view and
 * proposes what they decide, logging each decision's reason and outcome. A node that is not the leader only
 * forgets what it observed. Not thread-safe: one thread calls {@link #tick}.
 */
public final class ControllerLoop {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerLoop.class);

    private final MetadataLog log;
    private final PeerLiveness liveness;
    private final PeerTransport transport;
    private final List<Decider> deciders;
    /** The last round's view on the leader, null elsewhere: the explain endpoint shows what the deciders see. */
    private volatile ControlView last;

    public ControllerLoop(MetadataLog log, PeerLiveness liveness, PeerTransport transport, List<Decider> deciders) {
        this.log = log;
        this.liveness = liveness;
        this.transport = transport;
        this.deciders = List.copyOf(deciders);
    }

    /** One round. */
    public void tick() {
        boolean leader;
        try {
            leader = log.isLeader();
        } catch (AtollException e) {
            return;
        }
        if (!leader) {
            last = null;
            liveness.forget();
            return;
        }
        ClusterImage image = log.image();
        ControlView view = new ControlView(image, liveness.observe(image), liveness.lost(), liveness.actedIndex(),
                liveness.diskFree(), new PeerReplicaPositions(transport, image));
        last = view;
        for (Decider d : deciders) {
            List<Decision> decisions = d.decide(view);
            for (Decision decision : decisions) {
                propose(d, decision);
            }
            if (!decisions.isEmpty()) {
                // The next decider sees what this one committed: two deciders acting on one image could undo
                // each other (a failover electing a retired replica that the factor's decider then removes).
                view = view.withImage(log.image());
            }
        }
    }

    /** The view of the last round, while this node leads; null otherwise. */
    public ControlView lastView() {
        return last;
    }

    /** The deciders, in the order they run. */
    public List<Decider> deciders() {
        return deciders;
    }

    private void propose(Decider d, Decision decision) {
        try {
            ApplyResult r = log.propose(decision.record());
            if (r.applied()) {
                LOG.warn("{}: {}", d.name(), decision.reason());
            } else {
                LOG.info("{}: not done, {}: {}", d.name(), r.rejection(), decision.reason());
            }
        } catch (AtollException e) {
            LOG.warn("{}: could not commit ({}): {}", d.name(), e.getMessage(), decision.reason());
        }
    }
}
