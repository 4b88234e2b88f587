package io.atoll.collection;

import io.atoll.cluster.meta.ReplicaState;

/** One replica's checksum, or why there is none: not readable in its state, or its node did not answer. */
public record ReplicaChecksum(int shard, long peer, ReplicaState state, ShardRead.Checksum.Digest digest,
                              String error) {
}
