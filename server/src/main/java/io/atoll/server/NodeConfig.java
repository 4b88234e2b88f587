package io.atoll.server;

import io.atoll.shard.ShardSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A node's settings after every source is merged (built-in defaults, YAML file, ATOLL__SECTION__KEY
 * environment variables, command-line flags; later sources win).
 */
public record NodeConfig(String host, int httpPort, int grpcPort, int p2pPort, Path storage, ShardSettings shards,
                         int flushIntervalSec, String uri, String bootstrap, Duration replicationTimeout,
                         Duration deadAfter) {
    /** This node's peer URL: the configured one, or its host and peer port. */
    public String peerUri() {
        return uri != null ? uri : "http://" + host + ":" + p2pPort;
    }
}
