package io.atoll.cluster.meta;

/**
 * One replica of a shard in the image: its incarnation and its state (the peer is its key in {@link ShardInfo}).
 * A replica is (peer, incarnation), and the incarnation is the Raft index of the record that created it, so it
 * is unique in the cluster's history: a replica removed and added again on the same peer, or moved away and
 * back while its node was down, is a new incarnation with new files and can never reuse what an earlier one left
 * on disk (Elasticsearch's allocation ids). Immutable.
 *
 * @param leaving the source of a move whose target is Active, or a replica above the replication factor: it stays
 *                in sync (written, counted for acknowledgements) but readers leave it while another replica serves,
 *                so that it can be dropped once no node reads from it any more
 * @param origin  who placed it here (null in older images: {@link ReplicaOrigin#CREATED})
 */
public record Replica(long incarnation, ReplicaState state, boolean leaving, ReplicaOrigin origin) {
    public Replica {
        if (incarnation < 0) {
            throw new IllegalArgumentException("negative incarnation " + incarnation);
        }
        if (state == null) {
            throw new IllegalArgumentException("a replica needs a state");
        }
        origin = ReplicaOrigin.orCreated(origin);
    }

    public Replica(long incarnation, ReplicaState state, boolean leaving) {
        this(incarnation, state, leaving, ReplicaOrigin.CREATED);
    }

    public Replica(long incarnation, ReplicaState state) {
        this(incarnation, state, false);
    }

    Replica withState(ReplicaState next) {
        return new Replica(incarnation, next, leaving, origin);
    }

    Replica withLeaving(boolean l) {
        return new Replica(incarnation, state, l, origin);
    }

    Replica placedBy(ReplicaOrigin o) {
        return new Replica(incarnation, state, leaving, o);
    }
}
