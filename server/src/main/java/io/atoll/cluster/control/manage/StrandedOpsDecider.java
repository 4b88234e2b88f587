package io.atoll.cluster.control.manage;

import io.atoll.cluster.control.loop.ControlView;
import io.atoll.cluster.control.loop.Decider;
import io.atoll.cluster.control.loop.Decision;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.ReplicationOp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Cancels an operation the cluster started itself (a drain, the rebalancer, the replication factor) whose target
 * node stopped answering before the target was in sync: the decider that started it plans again with the nodes
 * that answer (or, for a drain, stops and says why). A user's operation waits for its node instead, as the user
 * chose that node.
 */
public final class StrandedOpsDecider implements Decider {
    private final LongSupplier wallClockMillis;

    public StrandedOpsDecider(LongSupplier wallClockMillis) {
        this.wallClockMillis = wallClockMillis;
    }

    @Override
    public String name() {
        return "stranded operations";
    }

    @Override
    public List<Decision> decide(ControlView view) {
        List<Decision> out = new ArrayList<>();
        for (ReplicationOp op : view.image().operations().values()) {
            if (op.origin().automatic() && op.cancelable() && view.down().contains(op.target())) {
                out.add(new Decision(new MetadataRecord.CancelReplication(op.id(), "its target peer " + op.target()
                        + " does not answer: planning again without it", wallClockMillis.getAsLong()),
                        "operation " + op.id() + " (" + op.origin().name().toLowerCase(java.util.Locale.ROOT) + ", "
                                + op.type() + " of shard " + op.collection() + "/" + op.shard() + " to peer "
                                + op.target() + "): its target does not answer, cancelling it"));
            }
        }
        return out;
    }
}
