package io.atoll.security;

import io.atoll.error.AtollException;
import java.util.Map;

/**
 * What a caller may do: the whole node read-only or managed ({@code "r"}, {@code "m"}: keys and global tokens), or a
 * list of collections each read, read-write, or points read-write ({@code "r"}, {@code "rw"}, {@code "prw"}).
 * Refusals carry Qdrant's texts word for word. Collection names are matched as written in the request: aliases are
 * not resolved, as in Qdrant, so a token must list an alias by name. Immutable.
 */
public sealed interface Access {

    /** Checks {@code requirement} for an operation on {@code collection} (null outside a collection's scope). */
    void check(Requirement requirement, String collection);

    /**
     * Whether lists (collections, aliases, telemetry, issues) show {@code collection} to this caller; null stands
     * for the node as a whole, which only global access sees.
     */
    boolean sees(String collection);

    Access FULL = new Global(true);
    Access READ_ONLY = new Global(false);

    record Global(boolean manage) implements Access {
        @Override
        public void check(Requirement requirement, String collection) {
            if ((requirement.write() || requirement.manage()) && !manage) {
                throw AtollException.forbidden("Global manage access is required");
            }
        }

        @Override
        public boolean sees(String collection) {
            return true;
        }
    }

    /** A collection's mode in a scoped token. */
    enum Mode {
        READ("r"), READ_WRITE("rw"), POINTS_READ_WRITE("prw");

        final String claim;

        Mode(String claim) {
            this.claim = claim;
        }

        static Mode ofClaim(String claim) {
            for (Mode m : values()) {
                if (m.claim.equals(claim)) {
                    return m;
                }
            }
            return null;
        }
    }

    record Collections(Map<String, Mode> modes) implements Access {
        public Collections {
            modes = Map.copyOf(modes);
        }

        @Override
        public void check(Requirement requirement, String collection) {
            switch (requirement.scope()) {
                case EXEMPT, ANY -> {
                }
                case GLOBAL -> throw AtollException.forbidden("Global access is required");
                case COLLECTION -> checkCollection(requirement, collection);
            }
        }

        // The order of Qdrant's checks: listed at all, then extras, then write, then manage.
        private void checkCollection(Requirement requirement, String collection) {
            Mode mode = collection == null ? null : modes.get(collection);
            if (mode == null) {
                throw AtollException.forbidden("Access to collection " + collection + " is required");
            }
            if (requirement.extras() && mode == Mode.POINTS_READ_WRITE) {
                throw AtollException.forbidden("Only points access is allowed for collection " + collection);
            }
            if (requirement.write() && mode == Mode.READ) {
                throw AtollException.forbidden("Write access to collection " + collection + " is required");
            }
            if (requirement.manage()) {
                // no collection named: manage access can only be granted globally
                throw AtollException.forbidden("Manage access for this operation is required");
            }
        }

        @Override
        public boolean sees(String collection) {
            return collection != null && modes.containsKey(collection);
        }
    }
}
