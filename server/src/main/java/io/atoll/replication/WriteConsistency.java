package io.atoll.replication;

import io.atoll.cluster.meta.ReplicaState;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.error.AtollException;
import io.atoll.schema.CollectionParams;

/**
 * write_consistency_factor (Kafka's min.insync.replicas): a shard with fewer in-sync replicas takes no writes, so
 * that nothing is acknowledged with fewer copies than the collection asks for. Checked by the coordinator before
 * any shard of a write is touched, and by the primary again.
 */
public final class WriteConsistency {
    private WriteConsistency() {
    }

    public static void require(String collection, ShardInfo info, CollectionParams params) {
        int inSync = (int) info.countInState(ReplicaState::isInSync);
        int needed = params.writeConsistencyFactor();
        if (inSync < needed) {
            throw AtollException.unavailable("shard " + info.id() + " of collection `" + collection + "` has " + inSync
                    + " active replicas, write_consistency_factor is " + needed);
        }
    }
}
