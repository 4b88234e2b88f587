package io.atoll.cluster.control.loop;

import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.ReplicationOp;
import io.atoll.cluster.meta.ReplicationOpState;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.cluster.meta.ShardTransfer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Drives every running replication operation one step at a time (the stage driver of ARCHITECTURE.md section
 * 7): it starts an operation's transfer, starts it again when it ended without finishing, and drops a move's
 * source once every live node has acted on the image that took it out of the readers' routing. The transfer's
 * own records take the operation through FINALIZING to READY or DEHYDRATING.
 *
 * <p>A step that cannot be taken yet for a reason that passes (the source is not in sync, another transfer uses
 * one of the replicas, the target's node is down) waits without counting as an error; a step that was tried and
 * failed is tried again after a backoff that doubles with each error of its state (1 s up to 30 s), and the
 * operation cancels itself after {@link ReplicationOp#MAX_ERRORS} of them.
 */
public final class ReplicationOpsDecider implements Decider {
    private static final long FIRST_BACKOFF_MILLIS = 1000;
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    private final LongSupplier wallClockMillis;

    public ReplicationOpsDecider(LongSupplier wallClockMillis) {
        this.wallClockMillis = wallClockMillis;
    }

    @Override
    public String name() {
        return "replication";
    }

    @Override
    public List<Decision> decide(ControlView view) {
        long now = wallClockMillis.getAsLong();
        List<Decision> out = new ArrayList<>();
        // Replicas a transfer started this round uses: the view does not show it yet, and a second start on
        // them would only be refused (and count as an error) when it commits.
        Set<String> claimed = new HashSet<>();
        for (ReplicationOp op : view.image().operations().values()) {
            if (op.state().finished() || now - op.status().lastErrorAtMillis() < backoffMillis(op)) {
                continue;
            }
            String step = step(view, op);
            if (step != null && op.state() != ReplicationOpState.DEHYDRATING) {
                String source = op.collection() + "/" + op.shard() + "/" + op.source();
                String target = op.collection() + "/" + op.shard() + "/" + op.target();
                if (claimed.contains(source) || claimed.contains(target)) {
                    continue;
                }
                claimed.add(source);
                claimed.add(target);
            }
            if (step != null) {
                out.add(new Decision(new MetadataRecord.AdvanceReplication(op.id(), op.state(), now),
                        "operation " + op.id() + " (" + op.type() + " of shard " + op.collection() + "/" + op.shard()
                                + " from peer " + op.source() + " to peer " + op.target() + ", " + op.state()
                                + "): " + step));
            }
        }
        return out;
    }

    /** The backoff before the next try, from the errors of the current state. */
    static long backoffMillis(ReplicationOp op) {
        int errors = op.status().errors().size();
        return errors == 0 ? 0 : Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(errors - 1, 20));
    }

    /** What the next step is, or null when there is none to take now. */
    private static String step(ControlView view, ReplicationOp op) {
        CollectionMeta c = view.image().collections().get(op.collection());
        ShardInfo s = c == null ? null : c.shard(op.shard());
        if (s == null || !view.image().peers().containsKey(op.source())
                || !view.image().peers().containsKey(op.target())
                || op.state() != ReplicationOpState.DEHYDRATING && !s.hasReplicaOn(op.source())) {
            return "its shard, its source replica or one of its nodes is gone: ending it";
        }
        return switch (op.state()) {
            case REGISTERED -> startable(view, op, s) ? "starting its transfer" : null;
            case HYDRATING, FINALIZING -> {
                ShardTransfer t = s.transferTo(op.target());
                boolean running = t != null && op.id().equals(t.operation());
                yield !running && startable(view, op, s) ? "its transfer ended without finishing: starting it again"
                        : null;
            }
            case DEHYDRATING -> view.allLiveActedOn(op.stepIndex())
                    ? "every live node reads from the target now: dropping the source" : null;
            case READY, CANCELLED -> null;
        };
    }

    /** Whether the transfer can start now (else it waits, which is not an error). */
    private static boolean startable(ControlView view, ReplicationOp op, ShardInfo s) {
        var source = s.state(op.source());
        if (source == null || !source.isInSync() || s.primary() == 0 || view.down().contains(op.target())
                || view.down().contains(s.primary())) {
            return false;
        }
        for (ShardTransfer t : s.transfers().values()) {
            if (t.involves(op.source()) || t.involves(op.target())) {
                return false;
            }
        }
        return true;
    }
}
