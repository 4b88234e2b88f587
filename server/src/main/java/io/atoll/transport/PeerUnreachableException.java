package io.atoll.transport;

/** A peer did not answer (connection refused, reset or timed out): whether it acted on the request is unknown. */
public final class PeerUnreachableException extends RuntimeException {
    public PeerUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
