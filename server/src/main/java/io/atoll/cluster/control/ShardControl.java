package io.atoll.cluster.control;

/** The controllers behind Qdrant's collection cluster operations: shard transfers and resharding. */
public record ShardControl(ShardTransferController transfers, ReshardingController resharding) {
}
