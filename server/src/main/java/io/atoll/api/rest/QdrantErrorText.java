package io.atoll.api.rest;

import io.atoll.error.AtollException;

/**
 * A failure's text as Qdrant words it (its StorageError's Display): a prefix per kind before the message. REST's
 * envelope and the gRPC port's refusals share it, so both read alike.
 */
public final class QdrantErrorText {
    private QdrantErrorText() {
    }

    public static String of(AtollException e) {
        String message = e.getMessage();
        return switch (e.kind()) {
            case NOT_FOUND -> message.startsWith("Not found: ") ? message : "Not found: " + message;
            case INTERNAL -> "Service internal error: " + message;
            case UNAVAILABLE, NOT_PRIMARY, WRONG_SHARD -> "Service unavailable: " + message;
            case RATE_LIMITED -> "Rate limiting exceeded: " + message;
            case FORBIDDEN -> "Forbidden: " + message;
            default -> message;
        };
    }
}
