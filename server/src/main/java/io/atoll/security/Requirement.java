package io.atoll.security;

/**
 * What an operation needs of a caller's access, in Qdrant's terms: where it acts (nowhere, anything visible, the
 * whole node, or one collection) and whether it writes, manages, or touches a collection's "extras" (snapshots,
 * payload indexes, cluster setup: what a points-only token may not do). Immutable.
 */
public record Requirement(Scope scope, boolean write, boolean manage, boolean extras) {

    public enum Scope {
        /** Health probes and the version document: no credential needed. */
        EXEMPT,
        /** Any valid credential; what the answer lists is filtered to the collections the caller may see. */
        ANY,
        /** The node as a whole: collection-scoped tokens are refused. */
        GLOBAL,
        /** One collection, named in the request. */
        COLLECTION
    }

    public static final Requirement EXEMPT = new Requirement(Scope.EXEMPT, false, false, false);
    public static final Requirement ANY = new Requirement(Scope.ANY, false, false, false);
    public static final Requirement GLOBAL_READ = new Requirement(Scope.GLOBAL, false, false, false);
    public static final Requirement GLOBAL_MANAGE = new Requirement(Scope.GLOBAL, false, true, false);
    public static final Requirement READ = new Requirement(Scope.COLLECTION, false, false, false);
    public static final Requirement READ_EXTRAS = new Requirement(Scope.COLLECTION, false, false, true);
    public static final Requirement WRITE = new Requirement(Scope.COLLECTION, true, false, false);
    public static final Requirement WRITE_EXTRAS = new Requirement(Scope.COLLECTION, true, false, true);
    /** A collection-level management operation (its cluster setup): global manage access only. */
    public static final Requirement MANAGE_COLLECTION = new Requirement(Scope.COLLECTION, true, true, true);
}
