package io.atoll.cluster.control.loop;

import java.util.OptionalLong;

/** How far a replica's log is, as its node reports it; empty when the node does not answer. */
public interface ReplicaPositions {
    OptionalLong lastSeq(String collection, int shard, long peer);
}
