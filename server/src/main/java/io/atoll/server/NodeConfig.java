package io.atoll.server;

import io.atoll.shard.ShardSettings;
import java.nio.file.Path;

/**
 * A node's settings after every source is merged (built-in defaults, YAML file, ATOLL__SECTION__KEY
 * environment variables, command-line flags; later sources win).
 */
public record NodeConfig(String host, int httpPort, int grpcPort, int p2pPort, Path storage, ShardSettings shards,
                         int flushIntervalSec, String uri, String bootstrap) {
}
