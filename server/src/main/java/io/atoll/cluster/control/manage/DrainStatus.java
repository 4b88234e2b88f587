package io.atoll.cluster.control.manage;

import java.util.List;

/**
 * A drain as the API reports it. Immutable.
 *
 * @param state      {@code draining}, {@code stopped} (see {@code reason}), {@code done} (the node holds no replica
 *                   and can be removed without force) or {@code not_draining}
 * @param operations the replication operations the drain runs now, as "id: collection/shard STATE"
 */
public record DrainStatus(long peerId, String state, String reason, long requestedAtMillis, long replicasLeft,
                          List<String> operations) {
    public DrainStatus {
        operations = List.copyOf(operations);
    }

    public boolean finished() {
        return !state.equals("draining");
    }
}
