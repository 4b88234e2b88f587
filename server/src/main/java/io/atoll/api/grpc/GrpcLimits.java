package io.atoll.api.grpc;

/**
 * The client-facing gRPC port's own limits (service.grpc_max_message_bytes, service.grpc_max_concurrent_calls).
 *
 * @param maxMessageBytes    the largest request message; a larger one is refused with RESOURCE_EXHAUSTED before it
 *                           is read in full
 * @param maxConcurrentCalls calls served at once; the next ones are refused with RESOURCE_EXHAUSTED until one ends
 */
public record GrpcLimits(int maxMessageBytes, int maxConcurrentCalls) {
    /** Weaviate's default message size, which its clients size their channels by. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 104_858_000;
    public static final int DEFAULT_MAX_CONCURRENT_CALLS = 512;

    public GrpcLimits {
        if (maxMessageBytes < 1024 || maxConcurrentCalls < 1) {
            throw new IllegalArgumentException("gRPC limits must allow messages of at least 1 KiB and one call, got "
                    + maxMessageBytes + " bytes and " + maxConcurrentCalls + " calls");
        }
    }
}
