package io.atoll.security;

import java.util.Map;

/**
 * A token's {@code value_exists} claim: the token is good only while a point of {@code collection} has every one of
 * these payload values (Qdrant's way to revoke the tokens of a user by deleting the user's point). Values are
 * strings, integers or booleans. Immutable.
 */
public record ValueExists(String collection, Map<String, Object> matches) {
    public ValueExists {
        matches = Map.copyOf(matches);
    }

    /** The store's side of the check: run with full access, whatever the token grants. */
    @FunctionalInterface
    public interface Lookup {
        /**
         * Whether a point of {@code collection} has every value; throws {@link io.atoll.error.AtollException}
         * NOT_FOUND when there is no such collection.
         */
        boolean anyPointMatches(String collection, Map<String, Object> matches);
    }
}
