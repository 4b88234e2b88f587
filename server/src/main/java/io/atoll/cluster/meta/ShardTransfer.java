package io.atoll.cluster.meta;

/**
 * A shard transfer in the image: it fills the replica on {@code to} (incarnation {@code toIncarnation}) from the
 * shard's primary while the shard serves, and makes it Active when it holds every acknowledged write. A copy keeps
 * the replica on {@code from}; a move removes it at the end. The data always comes from the primary, which orders
 * every write of the shard: {@code from} says which replica the target replaces (a move) or copies (a copy), and
 * must be in sync when the transfer starts. Immutable.
 *
 * @param automatic       started by the cluster itself (recovery), not by a user: counts against the per-node
 *                        limits of automatic transfers
 * @param startedAtMillis wall-clock time chosen by the proposer (apply takes no clock)
 * @param checkpoint      how far the copy has durably reached on the target; the driver resumes from it
 * @param operation       the id of the replication operation it runs for, null for Qdrant's shard operations and
 *                        recovery; a move of an operation keeps its source (leaving) for the operation to drop
 */
public record ShardTransfer(int shard, long from, long to, long toIncarnation, TransferMethod method, boolean move,
                            boolean automatic, long startedAtMillis, TransferCheckpoint checkpoint, String operation) {
    public ShardTransfer {
        if (from == to) {
            throw new IllegalArgumentException("a transfer needs two peers, got " + from + " twice");
        }
        if (method == null) {
            throw new IllegalArgumentException("a transfer needs a method");
        }
        checkpoint = checkpoint == null ? TransferCheckpoint.START : checkpoint;
    }

    public ShardTransfer(int shard, long from, long to, long toIncarnation, TransferMethod method, boolean move,
                         boolean automatic, long startedAtMillis, TransferCheckpoint checkpoint) {
        this(shard, from, to, toIncarnation, method, move, automatic, startedAtMillis, checkpoint, null);
    }

    ShardTransfer withCheckpoint(TransferCheckpoint c) {
        return new ShardTransfer(shard, from, to, toIncarnation, method, move, automatic, startedAtMillis, c,
                operation);
    }

    /** The same transfer by another method into the given incarnation, from the start. */
    ShardTransfer restarted(TransferMethod m, long incarnation) {
        return new ShardTransfer(shard, from, to, incarnation, m, move, automatic, startedAtMillis,
                TransferCheckpoint.START, operation);
    }

    /**
     * Whether the target's replica must stay closed: a snapshot's files are installed into it while it is, and it
     * opens once the installation is recorded (the stage after the files).
     */
    public boolean targetAwaitsInstall() {
        return method == TransferMethod.SNAPSHOT && checkpoint.stage().compareTo(TransferStage.RECOVERING) < 0;
    }

    /** Whether the transfer involves {@code peer} as source or target. */
    public boolean involves(long peer) {
        return from == peer || to == peer;
    }
}
