package io.atoll.server;

import io.atoll.api.grpc.GrpcLimits;
import io.atoll.cluster.control.manage.ManagementSettings;
import io.atoll.security.SecuritySettings;
import io.atoll.shard.ShardSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A node's settings after every source is merged (built-in defaults, YAML file, ATOLL__SECTION__KEY
 * environment variables, command-line flags; later sources win).
 *
 * @param transferRateLimit      bytes per second this node's outgoing transfers may send in all (0: unlimited)
 * @param incomingTransfersLimit automatic transfers a node may receive at once (user transfers may exceed it)
 * @param outgoingTransfersLimit automatic transfers a node may send at once
 * @param nodeName               the node's name in Weaviate's API, null for its peer id in decimal
 * @param management             the self-managing controllers' settings (rebalancing, replication factor upkeep)
 * @param grpc                   the client-facing gRPC port's message size and concurrency limits
 * @param snapshotsPath          where this node keeps its snapshots ({@code storage.snapshots_path}; by default
 *                               {@code snapshots/} in the storage directory)
 * @param slowQuery              a filtered read slower than this reports the unindexed keys it used in
 *                               {@code GET /issues} ({@code service.slow_query_secs}, Qdrant's setting)
 * @param security               API keys, tokens, rate and size limits, TLS
 */
public record NodeConfig(String host, int httpPort, int grpcPort, int p2pPort, Path storage, ShardSettings shards,
                         int flushIntervalSec, String uri, String bootstrap, Duration replicationTimeout,
                         Duration deadAfter, long transferRateLimit, int incomingTransfersLimit,
                         int outgoingTransfersLimit, String nodeName, ManagementSettings management,
                         GrpcLimits grpc, Path snapshotsPath, Duration slowQuery,
                         SecuritySettings security) {
    /** This node's peer URL: the configured one, or its host and peer port. */
    public String peerUri() {
        return uri != null ? uri : "http://" + host + ":" + p2pPort;
    }
}
