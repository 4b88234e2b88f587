package io.atoll.node;

import io.atoll.cluster.meta.ReplicaId;
import io.atoll.schema.CollectionParams;
import io.atoll.shard.LocalShard;
import io.atoll.shard.ShardSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;

/** Opens a replica's shard from its directory (WAL replay, index open): the reconciler's one piece of storage I/O. */
@FunctionalInterface
public interface ReplicaOpener {
    LocalShard open(ReplicaId id, Path dir, CollectionParams params) throws IOException;

    /** The shards as the server opens them: with the node's storage settings and indexing threads. */
    static ReplicaOpener of(ShardSettings settings, ExecutorService indexingPool) {
        return (id, dir, params) -> LocalShard.open(id.collection(), id.shard(), dir, params, settings, indexingPool);
    }
}
