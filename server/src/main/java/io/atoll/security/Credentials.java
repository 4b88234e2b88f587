package io.atoll.security;

import java.util.Optional;
import java.util.function.Function;

/**
 * Finds the credential of a request in its headers, by Qdrant's rules: the {@code api-key} header when present
 * (even empty or wrong, {@code Authorization} is then not looked at), else an {@code Authorization} value starting
 * with exactly {@code "Bearer "}. A value with bytes other than visible ASCII, space or tab counts as absent, as it
 * does for Qdrant's HTTP stack.
 */
public final class Credentials {
    public static final String API_KEY = "api-key";
    public static final String AUTHORIZATION = "authorization";
    private static final String BEARER = "Bearer ";

    private Credentials() {
    }

    /** @param firstHeader the first value of a header by (lower-case) name, or null */
    public static Optional<String> from(Function<String, String> firstHeader) {
        String key = usable(firstHeader.apply(API_KEY));
        if (key != null) {
            return Optional.of(key);
        }
        String authorization = usable(firstHeader.apply(AUTHORIZATION));
        if (authorization != null && authorization.startsWith(BEARER)) {
            return Optional.of(authorization.substring(BEARER.length()));
        }
        return Optional.empty();
    }

    private static String usable(String value) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7e) {
                return null;
            }
        }
        return value;
    }
}
