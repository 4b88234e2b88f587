package io.atoll.schema;

import io.atoll.error.AtollException;

/** What a collection or alias name may be: it names a directory on every node, so no path separators. */
public final class CollectionNames {
    private static final int MAX_LENGTH = 255;

    private CollectionNames() {
    }

    public static void validate(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
            throw AtollException.badRequest("Validation error in path parameters: [name: length must be between 1 and "
                    + MAX_LENGTH + "]");
        }
        boolean badChar = name.chars().anyMatch(ch -> ch == '/' || ch == '\\' || Character.isISOControl(ch));
        if (badChar || name.equals(".") || name.equals("..")) {
            throw AtollException.badRequest("Validation error in path parameters: [name: collection name cannot "
                    + "contain \"/\", \"\\\", control characters or be \".\" / \"..\"]");
        }
    }
}
