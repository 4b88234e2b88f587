package io.atoll.cluster.meta;

/**
 * One replica of a shard in the image: its incarnation and its state (the peer is its key in {@link ShardInfo}).
 * A replica is (peer, incarnation), and the incarnation is the Raft index of the record that created it, so it
 * is unique in the cluster's history: a replica removed and added again on the same peer, or moved away and
 * back while its node was down, is a new incarnation with new files and can never reuse what an earlier one left
 * on disk (Elasticsearch's allocation ids). Immutable.
 */
public record Replica(long incarnation, ReplicaState state) {
    public Replica {
        if (incarnation < 0) {
            throw new IllegalArgumentException("negative incarnation " + incarnation);
        }
        if (state == null) {
            throw new IllegalArgumentException("a replica needs a state");
        }
    }

    Replica withState(ReplicaState next) {
        return new Replica(incarnation, next);
    }
}
