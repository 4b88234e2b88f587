package io.atoll.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.atoll.error.AtollException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a request's credential into a {@link Principal}, in Qdrant's order: the full keys, the read-only key, then
 * scoped tokens signed with a full key. Failures are 401s and 403s with Qdrant's texts, which never echo what the
 * caller sent. One difference from Qdrant, on purpose: a token with a bad signature or past its {@code exp} is a 401
 * (the credential is not valid), where Qdrant answers 403; the texts are Qdrant's. Thread-safe.
 */
public final class Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
    static final String MISSING = "Must provide an API key or an Authorization bearer token";
    static final String STATEFUL = "Invalid JWT, stateful validation failed";

    private final List<Secret> fullKeys = new ArrayList<>();
    private final Optional<Secret> readOnlyKey;
    private final List<TokenVerifier> tokens = new ArrayList<>();
    private final ValueExists.Lookup values;

    private Authenticator(ApiKeys keys, ValueExists.Lookup values) {
        keys.apiKey().ifPresent(fullKeys::add);
        keys.altApiKey().ifPresent(fullKeys::add);
        this.readOnlyKey = keys.readOnlyApiKey();
        this.values = values;
        if (keys.jwtRbac() && fullKeys.isEmpty()) {
            LOG.warn("JWT RBAC configured but no API key set, JWT RBAC is not enabled");
        } else if (keys.jwtRbac()) {
            fullKeys.forEach(k -> tokens.add(new TokenVerifier(k)));
            if (fullKeys.stream().anyMatch(k -> k.length() < 32)) {
                LOG.warn("It is highly recommended to use an API key of 32 bytes when JWT RBAC is enabled");
            }
        }
    }

    /** The node's authenticator, or none when no key is configured (then every caller has full access). */
    public static Optional<Authenticator> of(ApiKeys keys, ValueExists.Lookup values) {
        return keys.enabled() ? Optional.of(new Authenticator(keys, values)) : Optional.empty();
    }

    public Principal authenticate(Optional<String> credential) {
        if (credential.isEmpty()) {
            throw AtollException.unauthenticated(MISSING);
        }
        String given = credential.get();
        for (int i = 0; i < fullKeys.size(); i++) {
            if (fullKeys.get(i).matches(given)) {
                return new Principal(Access.FULL, i == 0 ? "api_key" : "alt_api_key");
            }
        }
        if (readOnlyKey.isPresent() && readOnlyKey.get().matches(given)) {
            return new Principal(Access.READ_ONLY, "read_only_api_key");
        }
        return token(given);
    }

    /** The first key that verifies the token wins; otherwise the first refusal; otherwise it is no token of ours. */
    private Principal token(String given) {
        String refusal = null;
        for (TokenVerifier verifier : tokens) {
            switch (verifier.verify(given)) {
                case TokenVerifier.Verified v -> {
                    return principal(given, v.token());
                }
                case TokenVerifier.Refused r -> refusal = refusal == null ? r.reason() : refusal;
                case TokenVerifier.NotAToken n -> {
                }
            }
        }
        throw AtollException.unauthenticated(refusal != null ? refusal : TokenClaims.INVALID);
    }

    private Principal principal(String token, DecodedJWT decoded) {
        TokenClaims.Parsed parsed = TokenClaims.parse(claim(decoded, "access"), claim(decoded, "value_exists"));
        parsed.valueExists().ifPresent(this::requireValues);
        String digest = HexFormat.of().formatHex(Secret.sha256(token.getBytes(StandardCharsets.US_ASCII)), 0, 8);
        return new Principal(parsed.access(), "token:" + digest);
    }

    /** A claim as java-jwt already parsed it (the payload is not read twice); null when absent. */
    private static JsonNode claim(DecodedJWT decoded, String name) {
        Claim c = decoded.getClaim(name);
        return c.isMissing() ? null : c.as(JsonNode.class);
    }

    private void requireValues(ValueExists claim) {
        boolean found;
        try {
            found = values.anyPointMatches(claim.collection(), claim.matches());
        } catch (AtollException e) {
            if (e.is(AtollException.Kind.NOT_FOUND)) {
                throw AtollException.forbidden(STATEFUL);
            }
            if (e.is(AtollException.Kind.BAD_REQUEST) || e.is(AtollException.Kind.UNPROCESSABLE)) {
                // a key that is no payload path: the token's claim is at fault, not the request
                throw TokenClaims.invalid();
            }
            throw e;
        }
        if (!found) {
            throw AtollException.unauthenticated(STATEFUL);
        }
    }
}
