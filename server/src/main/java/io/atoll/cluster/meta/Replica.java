package io.atoll.cluster.meta;

/**
 * One replica of a shard in the image: its incarnation and its state (the peer is its key in {@link ShardInfo}).
 * A replica is (peer, incarnation), and the incarnation is the Raft index of the record that created it, so it
 * is unique in the cluster's history: a replica removed and added again on the same peer, or moved away and
 * back while its node was down, is a new incarnation with new files and can never reuse what an earlier one left
 * on disk (Elasticsearch's allocation ids). Immutable.
 *
 * @param leaving the source of a move whose target is Active: it stays in sync (written, counted for
 *                acknowledgements) but readers leave it while another replica serves, so that it can be dropped
 *                once no node reads from it any more
 */
public record Replica(long incarnation, ReplicaState state, boolean leaving) {
    public Replica {
        if (incarnation < 0) {
            throw new IllegalArgumentException("negative incarnation " + incarnation);
        }
        if (state == null) {
            throw new IllegalArgumentException("a replica needs a state");
        }
    }

    public Replica(long incarnation, ReplicaState state) {
        this(incarnation, state, false);
    }

    Replica withState(ReplicaState next) {
        return new Replica(incarnation, next, leaving);
    }

    Replica withLeaving(boolean l) {
        return new Replica(incarnation, state, l);
    }
}
