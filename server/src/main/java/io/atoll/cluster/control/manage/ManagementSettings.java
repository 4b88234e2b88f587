package io.atoll.cluster.control.manage;

import java.time.Duration;

/**
 * A node's configuration of the self-managing controllers (used while it leads).
 *
 * @param rebalance             whether the rebalancer runs unless switched at run time ({@code cluster.rebalance})
 * @param keepReplicationFactor whether shards are brought to their collection's replication factor, up and down
 *                              ({@code cluster.keep_replication_factor})
 * @param replaceDeadAfter      how long a node may be unreachable before its replicas are re-created elsewhere
 *                              ({@code cluster.replace_dead_after}, 5 minutes by default as in CockroachDB)
 * @param incomingLimit         automatic transfers a node may receive at once
 * @param outgoingLimit         automatic transfers a node may send at once
 * @param minFreeDiskBytes      a node with less free storage space takes no new replica
 *                              ({@code cluster.min_free_disk_mb}, 256 by default)
 */
public record ManagementSettings(boolean rebalance, boolean keepReplicationFactor, Duration replaceDeadAfter,
                                 int incomingLimit, int outgoingLimit, long minFreeDiskBytes) {
}
