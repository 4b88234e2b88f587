package io.atoll.security;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;

/**
 * Verifies tokens signed with one key, as Qdrant does: HS256 only, {@code exp} honoured with 30 seconds of leeway
 * (a token without {@code exp} never expires), {@code nbf} and {@code iat} not checked. java-jwt checks the
 * algorithm, then the signature, then the times: so an expired token signed with another key is reported as a bad
 * signature, as in Qdrant. Unlike Qdrant, {@code exp}, {@code nbf} and {@code iat} must be NumericDates (RFC 7519)
 * that java-jwt reads, or the token is not valid. Immutable and thread-safe.
 */
final class TokenVerifier {
    static final long LEEWAY_SECONDS = 30;
    /** Qdrant does not check {@code nbf}: a century of leeway does the same without overflowing an instant. */
    private static final long NO_NOT_BEFORE = 100L * 365 * 24 * 3600;

    /** What one key says of a token. */
    sealed interface Outcome {
    }

    /** Not a token this key signs: not JWT-shaped, another algorithm, unreadable parts. */
    record NotAToken() implements Outcome {
    }

    /** HS256 and well-formed, but refused: Qdrant's {@code InvalidSignature} or {@code ExpiredSignature}. */
    record Refused(String reason) implements Outcome {
    }

    record Verified(DecodedJWT token) implements Outcome {
    }

    private final JWTVerifier verifier;

    TokenVerifier(Secret key) {
        this.verifier = JWT.require(Algorithm.HMAC256(key.bytes()))
                .acceptExpiresAt(LEEWAY_SECONDS)
                .acceptNotBefore(NO_NOT_BEFORE)
                .ignoreIssuedAt()
                .build();
    }

    Outcome verify(String token) {
        try {
            return new Verified(verifier.verify(token));
        } catch (SignatureVerificationException e) {
            return new Refused("InvalidSignature");
        } catch (TokenExpiredException e) {
            return new Refused("ExpiredSignature");
        } catch (RuntimeException e) {
            // java-jwt's JWTVerificationException, and more on some tokens it cannot read (a header or claims of
            // JSON null leave it a null object; a date past what an Instant holds): no token either way
            return new NotAToken();
        }
    }
}
