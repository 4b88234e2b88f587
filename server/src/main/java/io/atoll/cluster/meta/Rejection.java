package io.atoll.cluster.meta;

/**
 * Why a record changed nothing: a typed reason that callers act on (retry, 404, 409, step down) and a message
 * for people. Immutable.
 */
public record Rejection(Reason reason, String message) {

    /** What kind of guard refused the record. */
    public enum Reason {
        /** A collection, shard, replica, alias or peer the record names does not exist. */
        NOT_FOUND,
        /** A collection, alias or replica the record creates exists already. */
        ALREADY_EXISTS,
        /** The params an UpdateCollectionParams was computed from are no longer the collection's. */
        PARAMS_CHANGED,
        /** The record speaks for a primary term that is no longer the shard's: its sender was deposed. */
        STALE_TERM,
        /** A replica is not in the state the record expected (a guard against acting on a stale view). */
        UNEXPECTED_STATE,
        /** The replica state change is not one ReplicaState allows. */
        ILLEGAL_TRANSITION,
        /** The change would leave a shard without an in-sync replica. */
        LAST_IN_SYNC,
        /** A peer cannot be removed while it holds replicas (without force). */
        HAS_REPLICAS,
        /**
         * Another running replication operation holds the replica, or the operation can no longer be cancelled or
         * deleted (its target is Active).
         */
        CONFLICT,
        /** The record contradicts itself or the image (bad placement, bad id). */
        INVALID,
        /**
         * The proposal was based on metadata older than the window of remembered proposals: it cannot be told
         * apart from a late copy of one applied long ago, so it is not applied (its proposer may propose again).
         */
        STALE_PROPOSAL,
        /** The record could not be decoded: it never was a valid proposal. */
        UNDECODABLE
    }

    public static Rejection of(Reason reason, String message) {
        return new Rejection(reason, message);
    }

    @Override
    public String toString() {
        return reason + ": " + message;
    }
}
