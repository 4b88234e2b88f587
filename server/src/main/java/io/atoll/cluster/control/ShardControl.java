package io.atoll.cluster.control;

/** The controllers behind Qdrant's collection cluster operations: shard transfers, resharding and shard keys. */
public record ShardControl(ShardTransferController transfers, ReshardingController resharding,
                           ShardKeyController keys) {
}
