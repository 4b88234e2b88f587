package io.atoll.transport;

import io.atoll.transport.proto.ConfirmReadRequest;
import io.atoll.transport.proto.ConfirmReadResponse;
import io.atoll.transport.proto.ForwardRequest;
import io.atoll.transport.proto.ForwardResponse;
import io.atoll.transport.proto.MigrateRequest;
import io.atoll.transport.proto.MigrateResponse;
import io.atoll.transport.proto.ReplicateRequest;
import io.atoll.transport.proto.ReplicateResponse;
import io.atoll.transport.proto.ShardStatusRequest;
import io.atoll.transport.proto.ShardStatusResponse;

/**
 * The replication calls a node serves: as a replica (records from its primary, its position), and as a primary
 * (writes forwarded by other nodes, confirmations of their reads).
 */
public interface ReplicationHandler {
    ReplicateResponse replicate(ReplicateRequest request);

    ForwardResponse forward(ForwardRequest request);

    ConfirmReadResponse confirmRead(ConfirmReadRequest request);

    ShardStatusResponse shardStatus(ShardStatusRequest request);

    /** As a resharding's target primary: what a source sends of the points moving to this shard. */
    MigrateResponse migrate(MigrateRequest request);
}
