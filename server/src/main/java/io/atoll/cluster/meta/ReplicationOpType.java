package io.atoll.cluster.meta;

/** What a replication operation does with the source replica: COPY keeps it, MOVE drops it at the end. */
public enum ReplicationOpType {
    COPY,
    MOVE
}
