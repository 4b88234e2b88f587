package io.atoll.error;

/**
 * A failure whose kind decides how it reaches a user: the REST layer maps each kind to Qdrant's status code
 * and message prefix. Thrown by every layer; immutable.
 */
public final class AtollException extends RuntimeException {

    /** What went wrong, from the caller's point of view. */
    public enum Kind {
        BAD_REQUEST,
        /** Well-formed, but names something the request cannot act on (Weaviate's and Qdrant's 422). */
        UNPROCESSABLE,
        NOT_FOUND,
        /** Something of that name exists already (a collection, an alias): REST's 409, gRPC's ALREADY_EXISTS. */
        ALREADY_EXISTS,
        CONFLICT,
        UNAVAILABLE,
        INTERNAL,
        /**
         * A write or a read confirmation reached a node that is not the shard's primary in the term asked for: the
         * sender waits for newer metadata and tries the primary it names. Reaches a user only as a 503.
         */
        NOT_PRIMARY,
        /**
         * A write reached a shard that the write ring no longer (or not yet) routes its points to: a resharding
         * moved them. The sender waits for newer metadata and splits the write again. Reaches a user only as a 503.
         */
        WRONG_SHARD,
        /** No credential, or one that is not valid: REST's 401, gRPC's UNAUTHENTICATED. */
        UNAUTHENTICATED,
        /** A valid credential without the access the operation needs: REST's 403, gRPC's PERMISSION_DENIED. */
        FORBIDDEN,
        /** Over a strict mode rate limit: Qdrant's 429, with the seconds after which the request would fit. */
        RATE_LIMITED
    }

    private final Kind kind;
    private final long retryAfterSeconds;

    public AtollException(Kind kind, String message) {
        super(message);
        this.kind = kind;
        this.retryAfterSeconds = 0;
    }

    public AtollException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.retryAfterSeconds = 0;
    }

    private AtollException(String message, long retryAfterSeconds) {
        super(message);
        this.kind = Kind.RATE_LIMITED;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Seconds after which a rate-limited request would fit; 0 when it never will or for other kinds. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static AtollException rateLimited(String message, long retryAfterSeconds) {
        return new AtollException(message, retryAfterSeconds);
    }

    public Kind kind() {
        return kind;
    }

    public static AtollException badRequest(String message) {
        return new AtollException(Kind.BAD_REQUEST, message);
    }

    public static AtollException unprocessable(String message) {
        return new AtollException(Kind.UNPROCESSABLE, message);
    }

    public static AtollException notFound(String message) {
        return new AtollException(Kind.NOT_FOUND, message);
    }

    public static AtollException alreadyExists(String message) {
        return new AtollException(Kind.ALREADY_EXISTS, message);
    }

    public static AtollException conflict(String message) {
        return new AtollException(Kind.CONFLICT, message);
    }

    public static AtollException unavailable(String message) {
        return new AtollException(Kind.UNAVAILABLE, message);
    }

    public static AtollException unauthenticated(String message) {
        return new AtollException(Kind.UNAUTHENTICATED, message);
    }

    public static AtollException forbidden(String message) {
        return new AtollException(Kind.FORBIDDEN, message);
    }

    public static AtollException wrongShard(String message) {
        return new AtollException(Kind.WRONG_SHARD, message);
    }

    public static AtollException notPrimary(String message) {
        return new AtollException(Kind.NOT_PRIMARY, message);
    }

    public boolean is(Kind k) {
        return kind == k;
    }

    public static AtollException internal(String message, Throwable cause) {
        return new AtollException(Kind.INTERNAL, message, cause);
    }
}
