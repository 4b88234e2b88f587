package io.atoll.shard;

/** An operation as its primary logged it: what replication sends and replicas log again unchanged. */
public record LoggedOp(long seq, long term, byte[] body) {
}
