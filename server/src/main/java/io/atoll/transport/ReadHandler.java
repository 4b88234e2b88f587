package io.atoll.transport;

import io.atoll.transport.proto.ShardReadRequest;
import io.atoll.transport.proto.ShardReadResponse;

/** Reads of a replica on this node, asked by the node coordinating a read. */
public interface ReadHandler {
    ShardReadResponse read(ShardReadRequest request);
}
