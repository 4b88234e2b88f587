package io.atoll.transport;

/** A peer did not answer (connection refused, reset or timed out): whether it acted on the request is unknown. */
public final class PeerUnreachableException extends RuntimeException {
    private final boolean timedOut;

    public PeerUnreachableException(String message, boolean timedOut, Throwable cause) {
        super(message, cause);
        this.timedOut = timedOut;
    }

    /**
     * The request reached the peer's side of the connection, or may have, and got no answer in time. Unlike a
     * refused connection, the peer is likely still working on it: sending it again would apply it twice.
     */
    public boolean timedOut() {
        return timedOut;
    }
}
