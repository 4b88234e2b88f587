package io.atoll.shard;

import io.atoll.operation.ShardOperation;
import io.atoll.shard.engine.ShardEngine;
import java.io.IOException;

/**
 * Decides a shard operation against the shard's current state, under the shard's write lock: resolving a filter
 * to ids, or refusing an update of points that do not exist. Returns null when there is nothing to do.
 */
@FunctionalInterface
public interface OperationPlan {
    ShardOperation plan(ShardEngine current) throws IOException;

    static OperationPlan of(ShardOperation op) {
        return current -> op;
    }
}
