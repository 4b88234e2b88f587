package io.atoll.codec;

import io.atoll.operation.ShardOperation;
import java.io.IOException;

/** Encodes shard operations for the WAL and for replication: a primary sends its replicas the bytes it logged. */
public final class OperationCodec {
    private OperationCodec() {
    }

    public static byte[] encode(ShardOperation op) {
        return WireCodec.encode(op, ShardOperation.class);
    }

    public static ShardOperation decode(byte[] bytes) throws IOException {
        return WireCodec.decode(bytes, ShardOperation.class);
    }
}
