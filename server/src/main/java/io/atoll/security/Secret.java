package io.atoll.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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

    /**
     * 32 bytes derived from the secret for one {@code purpose} (HKDF-SHA256, RFC 5869, with a fixed salt): what
     * every holder of the secret computes alike, and what reveals nothing of the secret or of other purposes' bytes.
     */
    public byte[] derive(String purpose) {
        try {
            Mac extract = Mac.getInstance("HmacSHA256");
            extract.init(new SecretKeySpec("atoll-secret-v1".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] prk = extract.doFinal(value);
            Mac expand = Mac.getInstance("HmacSHA256");
            expand.init(new SecretKeySpec(prk, "HmacSHA256"));
            expand.update(purpose.getBytes(StandardCharsets.UTF_8));
            return expand.doFinal(new byte[]{1});
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
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
