package io.atoll.security;

/**
 * An authenticated caller: its access and an id for per-caller limits that reveals no secret (which key, or a digest
 * of the token). Immutable.
 */
public record Principal(Access access, String id) {
    /** Every caller of a node without keys: full access, one shared rate bucket. */
    public static final Principal ANONYMOUS = new Principal(Access.FULL, "anonymous");
}
