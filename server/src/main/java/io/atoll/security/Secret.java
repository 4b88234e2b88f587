package io.atoll.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * A configured key: compared in constant time and never printed. Candidates are compared by their SHA-256 digests
 * with {@link MessageDigest#isEqual}, so neither the key's content nor its length leaks through timing. Immutable.
 */
public final class Secret {
    private final byte[] value;
    private final byte[] digest;

    private Secret(String value) {
        this.value = value.getBytes(StandardCharsets.UTF_8);
        this.digest = sha256(this.value);
    }

    /** A secret, or none for a missing or empty value (Qdrant treats an empty key as unset). */
    public static Optional<Secret> of(String value) {
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(new Secret(value));
    }

    public boolean matches(String candidate) {
        return MessageDigest.isEqual(digest, sha256(candidate.getBytes(StandardCharsets.UTF_8)));
    }

    /** The key's bytes, for signing and verifying tokens (a copy: the secret stays immutable). */
    byte[] bytes() {
        return value.clone();
    }

    /** How many bytes the key has: Qdrant warns when a token secret is shorter than 32. */
    public int length() {
        return value.length;
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "***";
    }
}
